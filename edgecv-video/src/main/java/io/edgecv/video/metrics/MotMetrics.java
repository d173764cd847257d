package io.edgecv.video.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CLEAR-MOT and identity metrics of one sequence, computed as py-motmetrics' {@code metrics.create()} does from an
 * {@link MotAccumulator}:
 * <ul>
 *   <li>MOTA = 1 - (misses + switches + false positives) / objects; MOTP = mean distance of the matched pairs
 *       (for IoU distance: mean 1 - IoU, lower is better);</li>
 *   <li>fragmentations: per object, the times a tracked stretch turns into a miss between its first and last
 *       tracked frame; mostly tracked / partially tracked / mostly lost: objects tracked in at least 80%, 20-80%,
 *       under 20% of their frames;</li>
 *   <li>IDF1, IDP, IDR (Ristani et al. 2016): a global one-to-one min-cost matching of object ids to hypothesis
 *       ids over the whole sequence (every id may also stay unmatched), counting as identity true positives the
 *       frames in which a matched pair is within the distance threshold.</li>
 * </ul>
 * Ratios with a zero denominator are NaN (or infinite), as in py-motmetrics.
 *
 * <p>Thread-safety: immutable.
 */
public final class MotMetrics {
    private final long numFrames;
    private final long numMatches;
    private final long numSwitches;
    private final long numTransfer;
    private final long numAscend;
    private final long numMigrate;
    private final long numFalsePositives;
    private final long numMisses;
    private final long numObjects;
    private final long numPredictions;
    private final int numUniqueObjects;
    private final int mostlyTracked;
    private final int partiallyTracked;
    private final int mostlyLost;
    private final long numFragmentations;
    private final double motp;
    private final double idfp;
    private final double idfn;

    private MotMetrics(MotAccumulator acc) {
        numFrames = acc.frames();
        long matches = 0;
        long switches = 0;
        long transfer = 0;
        long ascend = 0;
        long migrate = 0;
        long fp = 0;
        long misses = 0;
        double distanceSum = 0;
        Map<Integer, List<Boolean>> trackedByObject = new LinkedHashMap<>();
        for (MotEvent e : acc.events()) {
            switch (e.type()) {
                case MATCH:
                    matches++;
                    break;
                case SWITCH:
                    switches++;
                    break;
                case MISS:
                    misses++;
                    break;
                case FP:
                    fp++;
                    break;
                case TRANSFER:
                    transfer++;
                    break;
                case ASCEND:
                    ascend++;
                    break;
                case MIGRATE:
                    migrate++;
                    break;
                default:
                    throw new AssertionError(e.type());
            }
            if (e.type() == MotEvent.Type.MATCH || e.type() == MotEvent.Type.SWITCH) {
                distanceSum += e.distance();
            }
            if (e.type() == MotEvent.Type.MATCH || e.type() == MotEvent.Type.SWITCH
                    || e.type() == MotEvent.Type.MISS) {
                trackedByObject.computeIfAbsent(e.objectId(), k -> new ArrayList<>())
                        .add(e.type() != MotEvent.Type.MISS);
            }
        }
        numMatches = matches;
        numSwitches = switches;
        numTransfer = transfer;
        numAscend = ascend;
        numMigrate = migrate;
        numFalsePositives = fp;
        numMisses = misses;
        numObjects = matches + switches + misses;
        numPredictions = matches + switches + fp;
        numUniqueObjects = trackedByObject.size();
        int mt = 0;
        int pt = 0;
        int ml = 0;
        long frag = 0;
        for (List<Boolean> seq : trackedByObject.values()) {
            int tracked = 0;
            int first = -1;
            int last = -1;
            for (int i = 0; i < seq.size(); i++) {
                if (seq.get(i)) {
                    tracked++;
                    last = i;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
            double ratio = (double) tracked / seq.size();
            if (ratio >= 0.8) {
                mt++;
            } else if (ratio >= 0.2) {
                pt++;
            } else {
                ml++;
            }
            for (int i = first + 1; first >= 0 && i <= last; i++) {
                if (!seq.get(i) && seq.get(i - 1)) {
                    frag++;
                }
            }
        }
        mostlyTracked = mt;
        partiallyTracked = pt;
        mostlyLost = ml;
        numFragmentations = frag;
        motp = distanceSum / (matches + switches);
        double[] id = IdentityMatching.falsePositivesAndNegatives(acc);
        idfp = id[0];
        idfn = id[1];
    }

    private MotMetrics(List<MotMetrics> parts) {
        long[] sums = new long[12];
        double detectionDistance = 0;
        double fp = 0;
        double fn = 0;
        for (MotMetrics p : parts) {
            long[] v = {p.numFrames, p.numMatches, p.numSwitches, p.numTransfer, p.numAscend, p.numMigrate,
                p.numFalsePositives, p.numMisses, p.numObjects, p.numPredictions, p.numFragmentations, 0};
            for (int i = 0; i < v.length; i++) {
                sums[i] += v[i];
            }
            if (p.numDetections() > 0) {
                detectionDistance += p.motp * p.numDetections();
            }
            fp += p.idfp;
            fn += p.idfn;
        }
        numFrames = sums[0];
        numMatches = sums[1];
        numSwitches = sums[2];
        numTransfer = sums[3];
        numAscend = sums[4];
        numMigrate = sums[5];
        numFalsePositives = sums[6];
        numMisses = sums[7];
        numObjects = sums[8];
        numPredictions = sums[9];
        numFragmentations = sums[10];
        numUniqueObjects = parts.stream().mapToInt(p -> p.numUniqueObjects).sum();
        mostlyTracked = parts.stream().mapToInt(p -> p.mostlyTracked).sum();
        partiallyTracked = parts.stream().mapToInt(p -> p.partiallyTracked).sum();
        mostlyLost = parts.stream().mapToInt(p -> p.mostlyLost).sum();
        motp = detectionDistance / (numMatches + numSwitches);
        idfp = fp;
        idfn = fn;
    }

    static MotMetrics compute(MotAccumulator acc) {
        return new MotMetrics(acc);
    }

    /**
     * The metrics of several sequences taken together, as py-motmetrics' {@code compute_many(...,
     * generate_overall=True)} row "OVERALL": counts are summed, MOTP is weighted by each sequence's detections,
     * and the ratios are computed from the sums (ids stay per sequence).
     *
     * @param sequences per-sequence metrics
     * @return the combined metrics
     */
    public static MotMetrics overall(List<MotMetrics> sequences) {
        return new MotMetrics(List.copyOf(sequences));
    }

    /** @return frames added to the accumulator */
    public long numFrames() {
        return numFrames;
    }

    /** @return MATCH events */
    public long numMatches() {
        return numMatches;
    }

    /** @return ID switches (SWITCH events) */
    public long numSwitches() {
        return numSwitches;
    }

    /** @return TRANSFER events */
    public long numTransfer() {
        return numTransfer;
    }

    /** @return ASCEND events */
    public long numAscend() {
        return numAscend;
    }

    /** @return MIGRATE events */
    public long numMigrate() {
        return numMigrate;
    }

    /** @return false positives */
    public long numFalsePositives() {
        return numFalsePositives;
    }

    /** @return misses (false negatives) */
    public long numMisses() {
        return numMisses;
    }

    /** @return matched objects: matches + switches */
    public long numDetections() {
        return numMatches + numSwitches;
    }

    /** @return object appearances over all frames (ground-truth boxes) */
    public long numObjects() {
        return numObjects;
    }

    /** @return hypothesis appearances over all frames (tracker boxes) */
    public long numPredictions() {
        return numPredictions;
    }

    /** @return distinct object ids */
    public int numUniqueObjects() {
        return numUniqueObjects;
    }

    /** @return objects tracked in at least 80% of their frames */
    public int mostlyTracked() {
        return mostlyTracked;
    }

    /** @return objects tracked in 20% to 80% of their frames */
    public int partiallyTracked() {
        return partiallyTracked;
    }

    /** @return objects tracked in under 20% of their frames */
    public int mostlyLost() {
        return mostlyLost;
    }

    /** @return fragmentations: tracked-to-missed transitions inside each object's tracked span */
    public long numFragmentations() {
        return numFragmentations;
    }

    /** @return multiple object tracking accuracy, 1 - (misses + switches + false positives) / objects */
    public double mota() {
        return 1.0 - (double) (numMisses + numSwitches + numFalsePositives) / numObjects;
    }

    /** @return multiple object tracking precision: mean distance of matched pairs (1 - IoU for IoU distance) */
    public double motp() {
        return motp;
    }

    /** @return detections / (detections + false positives) */
    public double precision() {
        return (double) numDetections() / (numFalsePositives + numDetections());
    }

    /** @return detections / objects */
    public double recall() {
        return (double) numDetections() / numObjects;
    }

    /** @return identity false positives after the global id matching */
    public double idfp() {
        return idfp;
    }

    /** @return identity false negatives after the global id matching */
    public double idfn() {
        return idfn;
    }

    /** @return identity true positives: objects - IDFN */
    public double idtp() {
        return numObjects - idfn;
    }

    /** @return identity precision IDTP / (IDTP + IDFP) */
    public double idp() {
        return idtp() / (idtp() + idfp);
    }

    /** @return identity recall IDTP / (IDTP + IDFN) */
    public double idr() {
        return idtp() / (idtp() + idfn);
    }

    /** @return identity F1: 2 IDTP / (objects + predictions) */
    public double idf1() {
        return 2 * idtp() / (numObjects + numPredictions);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "IDF1 %.6f IDP %.6f IDR %.6f Rcll %.6f Prcn %.6f GT %d MT %d PT %d ML %d"
                        + " FP %d FN %d IDs %d FM %d MOTA %.6f MOTP %.6f", idf1(), idp(), idr(), recall(),
                precision(), numUniqueObjects, mostlyTracked, partiallyTracked, mostlyLost, numFalsePositives,
                numMisses, numSwitches, numFragmentations, mota(), motp);
    }
}
