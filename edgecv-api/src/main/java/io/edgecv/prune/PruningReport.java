package io.edgecv.prune;

import io.edgecv.quantize.DetectionAgreement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Pruner} did: every dependency group with its channels before and after and its reconstruction
 * error, what was left whole and why, parameters and multiply-accumulates before and after, file sizes, zeros,
 * and (when evaluation photos were given) the agreement of the pruned model's detections with the unpruned one's.
 *
 * <p>Thread-safety: immutable.
 *
 * @param config the configuration used
 * @param inputBytes size of the unpruned model file
 * @param outputBytes size of the written model file
 * @param compressedBytes size of the written file after DEFLATE (what sparsity saves on disk or on the wire)
 * @param paramsBefore weights and biases of the unpruned model
 * @param paramsAfter weights and biases of the pruned model
 * @param macsBefore multiply-accumulates of one inference of the unpruned model (convolutions and Gemm/MatMul)
 * @param macsAfter the same for the pruned model
 * @param zeroFraction fraction of the pruned model's convolution and Gemm/MatMul weights that are exactly zero
 * @param groups every prunable group, in graph order
 * @param leftWhole nodes whose channels were kept, with the reason
 * @param agreement the pruned model's detections scored against the unpruned model's on the evaluation photos
 *                  (null when none were given)
 * @param calibrationImages photos used for statistics and refits
 * @param evaluationImages photos used for the agreement
 * @param totalTime from start to the file written and evaluated
 */
public record PruningReport(PruningConfig config, long inputBytes, long outputBytes, long compressedBytes,
                            long paramsBefore, long paramsAfter, long macsBefore, long macsAfter, double zeroFraction,
                            List<GroupDecision> groups, List<LeftWhole> leftWhole, DetectionAgreement agreement,
                            int calibrationImages, int evaluationImages, Duration totalTime) {
    /** Checks and copies the fields. */
    public PruningReport {
        Objects.requireNonNull(config, "config");
        groups = List.copyOf(groups);
        leftWhole = List.copyOf(leftWhole);
        Objects.requireNonNull(totalTime, "totalTime");
    }

    /** @return the agreement with the unpruned model, if evaluation photos were given */
    public Optional<DetectionAgreement> agreementWithOriginal() {
        return Optional.ofNullable(agreement);
    }

    /** @return MACs before / MACs after */
    public double macReduction() {
        return macsAfter == 0 ? 0 : (double) macsBefore / macsAfter;
    }

    /** @return a human-readable summary, several lines */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(config).append('\n');
        sb.append(String.format(Locale.ROOT, "parameters: %,d -> %,d (%.1f%% fewer)%n", paramsBefore, paramsAfter,
                pct(paramsBefore, paramsAfter)));
        sb.append(String.format(Locale.ROOT, "MACs: %,d -> %,d (%.1f%% fewer, %.2fx)%n", macsBefore, macsAfter,
                pct(macsBefore, macsAfter), macReduction()));
        sb.append(String.format(Locale.ROOT, "file: %.2f MB -> %.2f MB, %.2f MB deflated; %.1f%% of weights zero%n",
                inputBytes / 1e6, outputBytes / 1e6, compressedBytes / 1e6, 100 * zeroFraction));
        sb.append(String.format(Locale.ROOT, "time: %.1f s, %d calibration images%n", totalTime.toMillis() / 1000.0,
                calibrationImages));
        if (agreement != null) {
            sb.append("agreement with the unpruned model on ").append(evaluationImages).append(" other photos: ")
                    .append(agreement).append('\n');
        }
        if (!groups.isEmpty()) {
            sb.append("groups (channels before -> after, relative reconstruction error before -> after refit):\n");
            groups.forEach(g -> sb.append("  ").append(g).append('\n'));
        }
        if (!leftWhole.isEmpty()) {
            sb.append("left whole:\n");
            leftWhole.forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        return sb.toString();
    }

    private static double pct(long before, long after) {
        return before == 0 ? 0 : 100.0 * (before - after) / before;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PruningReport[%s, %d groups, MACs %.2fx fewer, %.1f%% zeros%s]",
                config.mode(), groups.size(), macReduction(), 100 * zeroFraction,
                agreement == null ? "" : String.format(Locale.ROOT, ", mAP@0.5 %.3f", agreement.map50()));
    }
}
