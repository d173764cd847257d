package io.edgecv.quantize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Quantizer} did: nodes converted, nodes left and why, file sizes, calibrated ranges and time.
 *
 * <p>Thread-safety: immutable.
 */
public final class QuantizationReport {
    private final QuantizationConfig config;
    private final long inputBytes;
    private final long outputBytes;
    private final List<NodeDecision> nodes;
    private final List<TensorRange> ranges;
    private final int calibrationImages;
    private final Duration calibrationTime;
    private final Duration totalTime;
    private final ComparisonReport selfCheck;
    private final List<String> warnings;

    /**
     * @param config the configuration used
     * @param inputBytes size of the float32 model file
     * @param outputBytes size of the written model file
     * @param nodes a decision for every node of the original graph, in graph order
     * @param ranges calibrated activation ranges (static INT8; empty otherwise)
     * @param calibrationImages images used for calibration
     * @param calibrationTime time spent running calibration images
     * @param totalTime time from start to the file written
     */
    public QuantizationReport(QuantizationConfig config, long inputBytes, long outputBytes,
                              List<NodeDecision> nodes, List<TensorRange> ranges, int calibrationImages,
                              Duration calibrationTime, Duration totalTime) {
        this.config = Objects.requireNonNull(config, "config");
        this.inputBytes = inputBytes;
        this.outputBytes = outputBytes;
        this.nodes = List.copyOf(nodes);
        this.ranges = List.copyOf(ranges);
        this.calibrationImages = calibrationImages;
        this.calibrationTime = Objects.requireNonNull(calibrationTime, "calibrationTime");
        this.totalTime = Objects.requireNonNull(totalTime, "totalTime");
        this.selfCheck = null;
        this.warnings = List.of();
    }

    private QuantizationReport(QuantizationReport r, ComparisonReport selfCheck, List<String> warnings) {
        this.config = r.config;
        this.inputBytes = r.inputBytes;
        this.outputBytes = r.outputBytes;
        this.nodes = r.nodes;
        this.ranges = r.ranges;
        this.calibrationImages = r.calibrationImages;
        this.calibrationTime = r.calibrationTime;
        this.totalTime = r.totalTime;
        this.selfCheck = selfCheck;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * @param check the quantizer's own comparison of the written model with the float32 one, or null if none ran
     * @param warnings what the user should know about the written model (low agreement, slower than float32)
     * @return a copy of this report with the check and warnings
     */
    public QuantizationReport withCheck(ComparisonReport check, List<String> warnings) {
        return new QuantizationReport(this, check, Objects.requireNonNull(warnings, "warnings"));
    }

    /**
     * @return the quantizer's own comparison of the written model with the float32 model on the calibration
     *         photos (agreement and latency), when it could run one
     */
    public Optional<ComparisonReport> selfCheck() {
        return Optional.ofNullable(selfCheck);
    }

    /** @return warnings about the written model (agreement below {@link QuantizationConfig#WARN_AGREEMENT}, slower
     *          than float32, agreement not checked), empty when there are none */
    public List<String> warnings() {
        return warnings;
    }

    /** @return the configuration used */
    public QuantizationConfig config() {
        return config;
    }

    /** @return size of the float32 model file in bytes */
    public long inputBytes() {
        return inputBytes;
    }

    /** @return size of the written model file in bytes */
    public long outputBytes() {
        return outputBytes;
    }

    /** @return input size / output size: how many times smaller the model got */
    public double compression() {
        return outputBytes == 0 ? 0 : (double) inputBytes / outputBytes;
    }

    /** @return a decision for every node of the (pre-optimised) float graph, in graph order */
    public List<NodeDecision> nodes() {
        return nodes;
    }

    /** @return the nodes that now run quantized (or in float16) */
    public List<NodeDecision> converted() {
        List<NodeDecision> out = new ArrayList<>();
        for (NodeDecision d : nodes) {
            if (d.converted()) {
                out.add(d);
            }
        }
        return out;
    }

    /** @return the nodes left in float, each with the reason */
    public List<NodeDecision> leftInFloat() {
        List<NodeDecision> out = new ArrayList<>();
        for (NodeDecision d : nodes) {
            if (!d.converted()) {
                out.add(d);
            }
        }
        return out;
    }

    /** @return calibrated activation ranges (static INT8), in graph order */
    public List<TensorRange> ranges() {
        return ranges;
    }

    /** @return number of calibration images */
    public int calibrationImages() {
        return calibrationImages;
    }

    /** @return time spent running the calibration images */
    public Duration calibrationTime() {
        return calibrationTime;
    }

    /** @return time from start to the file written */
    public Duration totalTime() {
        return totalTime;
    }

    /**
     * A human-readable summary: sizes, counts by operator type, every node left in float with its reason, and
     * (when {@code withRanges}) every calibrated range.
     *
     * @param withRanges whether to list the calibrated ranges
     * @return the text, several lines
     */
    public String toText(boolean withRanges) {
        StringBuilder sb = new StringBuilder();
        sb.append(config).append('\n');
        sb.append(String.format(Locale.ROOT, "size: %.2f MB -> %.2f MB (%.2fx smaller)%n", inputBytes / 1e6,
                outputBytes / 1e6, compression()));
        sb.append(String.format(Locale.ROOT, "time: %.1f s (calibration %.1f s on %d images)%n",
                totalTime.toMillis() / 1000.0, calibrationTime.toMillis() / 1000.0, calibrationImages));
        Map<String, int[]> byOp = new LinkedHashMap<>();
        for (NodeDecision d : nodes) {
            int[] c = byOp.computeIfAbsent(d.opType(), k -> new int[2]);
            c[d.converted() ? 0 : 1]++;
        }
        sb.append("nodes: ").append(converted().size()).append(" converted, ").append(leftInFloat().size())
                .append(" left as they were\n");
        for (Map.Entry<String, int[]> e : byOp.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-22s %4d converted %4d left%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1]));
        }
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (NodeDecision d : leftInFloat()) {
            byReason.computeIfAbsent(d.reason(), k -> new ArrayList<>()).add(d.node() + " (" + d.opType() + ")");
        }
        if (!byReason.isEmpty()) {
            sb.append("left as they were:\n");
            for (Map.Entry<String, List<String>> e : byReason.entrySet()) {
                sb.append("  ").append(e.getKey()).append(": ").append(String.join(", ", e.getValue()))
                        .append('\n');
            }
        }
        if (selfCheck != null) {
            sb.append(String.format(Locale.ROOT, "check on the %d calibration photos against float32: %s; detect"
                    + " median %.2f ms vs %.2f ms float32 (%.2fx)%n", selfCheck.images(), selfCheck.agreement(),
                    selfCheck.candidateMillis(), selfCheck.referenceMillis(), selfCheck.speedup()));
        }
        for (String w : warnings) {
            sb.append("WARNING: ").append(w).append('\n');
        }
        if (withRanges && !ranges.isEmpty()) {
            sb.append("calibrated ranges:\n");
            for (TensorRange r : ranges) {
                sb.append("  ").append(r).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "QuantizationReport[%s, %d converted, %d left, %.2fx smaller, %d ms]",
                config.mode(), converted().size(), leftInFloat().size(), compression(), totalTime.toMillis());
    }
}
