package io.edgecv.video.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares tracker output with a ground truth, both in the MOTChallenge format, as py-motmetrics'
 * {@code utils.compare_to_groundtruth(gt, test, 'iou', distth=...)}: every frame present in either file is a frame
 * (missing ground truth makes false positives, missing output makes misses), and a pair's distance is 1 - IoU,
 * not pairable above the threshold (0.5 by default: IoU below 0.5).
 *
 * <p>Thread-safety: stateless.
 */
public final class MotEvaluation {
    /** The usual IoU-distance threshold: pairs need IoU of at least 0.5. */
    public static final double DEFAULT_MAX_IOU_DISTANCE = 0.5;

    private MotEvaluation() {
    }

    /**
     * Reads two MOTChallenge files (every row, as py-motmetrics' {@code loadtxt} with its defaults) and compares
     * them at IoU 0.5.
     *
     * @param groundTruth the ground-truth file
     * @param results the tracker's file
     * @return the metrics
     * @throws IOException if a file cannot be read
     */
    public static MotMetrics evaluate(Path groundTruth, Path results) throws IOException {
        return compare(MotFormat.read(groundTruth), MotFormat.read(results), DEFAULT_MAX_IOU_DISTANCE).metrics();
    }

    /**
     * @param groundTruth ground-truth rows, any order
     * @param hypotheses tracker rows, any order
     * @param maxIouDistance largest 1 - IoU that may be paired, in [0, 1]
     * @return the accumulator with one update per frame, frames ascending
     */
    public static MotAccumulator compare(List<MotBox> groundTruth, List<MotBox> hypotheses, double maxIouDistance) {
        if (!(maxIouDistance >= 0 && maxIouDistance <= 1)) {
            throw new IllegalArgumentException("maxIouDistance must be in [0, 1], got " + maxIouDistance);
        }
        Map<Long, List<MotBox>> gt = byFrame(groundTruth);
        Map<Long, List<MotBox>> hyp = byFrame(hypotheses);
        TreeSet<Long> frames = new TreeSet<>(gt.keySet());
        frames.addAll(hyp.keySet());
        MotAccumulator acc = new MotAccumulator();
        for (long f : frames) {
            List<MotBox> o = gt.getOrDefault(f, List.of());
            List<MotBox> h = hyp.getOrDefault(f, List.of());
            int[] oids = new int[o.size()];
            int[] hids = new int[h.size()];
            double[] d = new double[o.size() * h.size()];
            for (int j = 0; j < h.size(); j++) {
                hids[j] = h.get(j).id();
            }
            for (int i = 0; i < o.size(); i++) {
                oids[i] = o.get(i).id();
                for (int j = 0; j < h.size(); j++) {
                    double dist = 1 - o.get(i).iou(h.get(j));
                    d[i * h.size() + j] = dist > maxIouDistance ? Double.NaN : dist;
                }
            }
            acc.update(f, oids, hids, d);
        }
        return acc;
    }

    private static Map<Long, List<MotBox>> byFrame(List<MotBox> boxes) {
        Map<Long, List<MotBox>> m = new TreeMap<>();
        for (MotBox b : boxes) {
            m.computeIfAbsent(b.frame(), k -> new ArrayList<>()).add(b);
        }
        return m;
    }
}
