package io.edgecv.quantize;

import io.edgecv.Detection;
import io.edgecv.model.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * How well one model's detections agree with another's, taking the reference model's (for example the float32
 * model's) detections as ground truth: mAP at IoU 0.5 (PASCAL VOC all-point interpolated average precision, mean
 * over the classes the reference found) and the mean IoU of matched boxes.
 *
 * <p>Thread-safety: immutable.
 */
public final class DetectionAgreement {
    /** IoU at or above which a candidate box matches a reference box of the same class. */
    public static final float MATCH_IOU = 0.5f;

    private final double map50;
    private final double meanIou;
    private final int matched;
    private final int referenceCount;
    private final int candidateCount;
    private final int classes;
    private final List<ClassAgreement> perClass;

    /**
     * One class's share of the agreement.
     *
     * @param classId the class id
     * @param label its name, as the reference's detections give it
     * @param ap its average precision at IoU 0.5
     * @param references the reference's boxes of the class
     */
    public record ClassAgreement(int classId, String label, double ap, int references) {
    }

    private DetectionAgreement(double map50, double meanIou, int matched, int referenceCount, int candidateCount,
                               int classes, List<ClassAgreement> perClass) {
        this.perClass = List.copyOf(perClass);
        this.map50 = map50;
        this.meanIou = meanIou;
        this.matched = matched;
        this.referenceCount = referenceCount;
        this.candidateCount = candidateCount;
        this.classes = classes;
    }

    /**
     * Scores candidate detections against reference detections, image by image.
     *
     * @param reference per image, the ground-truth detections
     * @param candidate per image (same order), the detections to score, with their scores; include detections
     *                  below the reference's threshold so that the precision-recall curve is complete
     * @return the agreement; {@link #map50()} is 1 when neither model found anything, 0 when only the candidate did
     * @throws IllegalArgumentException if the lists differ in length
     */
    public static DetectionAgreement compute(List<List<Detection>> reference, List<List<Detection>> candidate) {
        if (reference.size() != candidate.size()) {
            throw new IllegalArgumentException("reference has " + reference.size() + " images, candidate "
                    + candidate.size() + "; pass one list of detections per image to both");
        }
        TreeSet<Integer> classIds = new TreeSet<>();
        int refCount = 0;
        int candCount = 0;
        for (List<Detection> r : reference) {
            refCount += r.size();
            r.forEach(d -> classIds.add(d.classId()));
        }
        for (List<Detection> c : candidate) {
            candCount += c.size();
        }
        if (refCount == 0) {
            return new DetectionAgreement(candCount == 0 ? 1.0 : 0.0, Double.NaN, 0, 0, candCount, 0, List.of());
        }
        double apSum = 0;
        double iouSum = 0;
        int matched = 0;
        List<ClassAgreement> perClass = new ArrayList<>(classIds.size());
        for (int cls : classIds) {
            ClassResult r = averagePrecision(reference, candidate, cls);
            apSum += r.ap;
            iouSum += r.iouSum;
            matched += r.matched;
            perClass.add(new ClassAgreement(cls, r.label, r.ap, r.references));
        }
        return new DetectionAgreement(apSum / classIds.size(), matched == 0 ? 0.0 : iouSum / matched, matched,
                refCount, candCount, classIds.size(), perClass);
    }

    /**
     * The detections with their class ids renumbered from one model's label list to another's, by name
     * ({@link Labels#indexOf}), so that models whose label lists differ (another family, another export) can be
     * compared. A class the other list lacks gets id {@code -1 - id}, which no candidate has: its boxes count as
     * unmatched. Lists that are equal, or either empty, leave the detections as they are.
     *
     * @param perImage detections per image, class ids into {@code from}
     * @param from the label list the ids index
     * @param to the label list to renumber into
     * @return new lists (the same lists where nothing changes)
     */
    public static List<List<Detection>> renumbered(List<List<Detection>> perImage, List<String> from,
            List<String> to) {
        if (from.isEmpty() || to.isEmpty() || from.equals(to)) {
            return perImage;
        }
        int[] toId = new int[from.size()];
        for (int c = 0; c < toId.length; c++) {
            toId[c] = Labels.indexOf(to, from.get(c));
        }
        List<List<Detection>> out = new ArrayList<>(perImage.size());
        for (List<Detection> image : perImage) {
            List<Detection> mapped = new ArrayList<>(image.size());
            for (Detection d : image) {
                int id = d.classId();
                int m = id >= 0 && id < toId.length ? toId[id] : -1;
                float[] k = new float[2 * d.keypointCount()];
                for (int i = 0; i < d.keypointCount(); i++) {
                    k[2 * i] = d.keypointX(i);
                    k[2 * i + 1] = d.keypointY(i);
                }
                mapped.add(new Detection(d.left(), d.top(), d.right(), d.bottom(), d.score(), m >= 0 ? m : -1 - id,
                        d.label(), k));
            }
            out.add(mapped);
        }
        return out;
    }

    private static final class ClassResult {
        double ap;
        double iouSum;
        int matched;
        int references;
        String label;
    }

    private static final class Scored {
        final int image;
        final Detection detection;

        Scored(int image, Detection detection) {
            this.image = image;
            this.detection = detection;
        }
    }

    private static ClassResult averagePrecision(List<List<Detection>> reference, List<List<Detection>> candidate,
                                                int cls) {
        ClassResult out = new ClassResult();
        int gt = 0;
        List<boolean[]> used = new ArrayList<>();
        for (List<Detection> r : reference) {
            for (Detection d : r) {
                if (d.classId() == cls) {
                    gt++;
                    out.label = out.label == null ? d.label() : out.label;
                }
            }
            used.add(new boolean[r.size()]);
        }
        out.references = gt;
        List<Scored> preds = new ArrayList<>();
        for (int i = 0; i < candidate.size(); i++) {
            for (Detection d : candidate.get(i)) {
                if (d.classId() == cls) {
                    preds.add(new Scored(i, d));
                }
            }
        }
        preds.sort((a, b) -> Float.compare(b.detection.score(), a.detection.score()));
        double[] precision = new double[preds.size()];
        double[] recall = new double[preds.size()];
        int tp = 0;
        for (int k = 0; k < preds.size(); k++) {
            Scored p = preds.get(k);
            List<Detection> refs = reference.get(p.image);
            boolean[] taken = used.get(p.image);
            int best = -1;
            float bestIou = MATCH_IOU;
            for (int j = 0; j < refs.size(); j++) {
                Detection g = refs.get(j);
                if (g.classId() != cls || taken[j]) {
                    continue;
                }
                float iou = p.detection.iou(g);
                if (iou >= bestIou) {
                    bestIou = iou;
                    best = j;
                }
            }
            if (best >= 0) {
                taken[best] = true;
                tp++;
                out.iouSum += bestIou;
                out.matched++;
            }
            precision[k] = (double) tp / (k + 1);
            recall[k] = (double) tp / gt;
        }
        // all-point interpolation: precision made monotonically non-increasing, area under the step curve
        for (int k = precision.length - 2; k >= 0; k--) {
            precision[k] = Math.max(precision[k], precision[k + 1]);
        }
        double prevRecall = 0;
        for (int k = 0; k < precision.length; k++) {
            out.ap += (recall[k] - prevRecall) * precision[k];
            prevRecall = recall[k];
        }
        return out;
    }

    /** @return mAP at IoU 0.5 over the reference's classes, 0 to 1 */
    public double map50() {
        return map50;
    }

    /** @return mean IoU of the matched boxes; NaN when the reference found nothing */
    public double meanIou() {
        return meanIou;
    }

    /** @return candidate boxes matched to a reference box */
    public int matched() {
        return matched;
    }

    /** @return reference (ground-truth) boxes */
    public int referenceCount() {
        return referenceCount;
    }

    /** @return candidate boxes scored */
    public int candidateCount() {
        return candidateCount;
    }

    /** @return classes the reference found */
    public int classes() {
        return classes;
    }

    /**
     * @return per class the reference found, by class id: its AP and reference boxes. {@link #map50()} is the mean
     *     of these APs, so a class of one box weighs as much as one of hundreds: this says which classes carry it
     */
    public List<ClassAgreement> perClass() {
        return perClass;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mAP@0.5 %.4f, mean IoU %.4f (%d of %d reference boxes matched, %d"
                + " candidate boxes, %d classes)", map50, meanIou, matched, referenceCount, candidateCount, classes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DetectionAgreement)) {
            return false;
        }
        DetectionAgreement a = (DetectionAgreement) o;
        return Double.compare(map50, a.map50) == 0 && Double.compare(meanIou, a.meanIou) == 0
                && matched == a.matched && referenceCount == a.referenceCount && candidateCount == a.candidateCount
                && classes == a.classes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {map50, meanIou, matched, referenceCount, candidateCount, classes});
    }
}
