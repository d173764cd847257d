package io.edgecv.quantize;

import java.util.Locale;
import java.util.Objects;

/**
 * A float32 model and its quantized version side by side: file size, detection latency and how well the
 * quantized model's detections agree with the float32 model's. Made by {@link ModelComparison}.
 *
 * <p>Thread-safety: immutable.
 */
public final class ComparisonReport {
    private final String referenceName;
    private final String candidateName;
    private final long referenceBytes;
    private final long candidateBytes;
    private final double referenceMillis;
    private final double candidateMillis;
    private final int images;
    private final DetectionAgreement agreement;

    /**
     * @param referenceName the float32 model's file name
     * @param candidateName the quantized model's file name
     * @param referenceBytes float32 file size
     * @param candidateBytes quantized file size
     * @param referenceMillis median detection time of the float32 model, milliseconds
     * @param candidateMillis median detection time of the quantized model, milliseconds
     * @param images photos compared
     * @param agreement the quantized detections scored against the float32 ones
     */
    public ComparisonReport(String referenceName, String candidateName, long referenceBytes, long candidateBytes,
                            double referenceMillis, double candidateMillis, int images,
                            DetectionAgreement agreement) {
        this.referenceName = Objects.requireNonNull(referenceName, "referenceName");
        this.candidateName = Objects.requireNonNull(candidateName, "candidateName");
        this.referenceBytes = referenceBytes;
        this.candidateBytes = candidateBytes;
        this.referenceMillis = referenceMillis;
        this.candidateMillis = candidateMillis;
        this.images = images;
        this.agreement = Objects.requireNonNull(agreement, "agreement");
    }

    /** @return float32 file size in bytes */
    public long referenceBytes() {
        return referenceBytes;
    }

    /** @return quantized file size in bytes */
    public long candidateBytes() {
        return candidateBytes;
    }

    /** @return median time of one detection (preprocess, run, decode) with the float32 model, ms */
    public double referenceMillis() {
        return referenceMillis;
    }

    /** @return median time of one detection with the quantized model, ms */
    public double candidateMillis() {
        return candidateMillis;
    }

    /** @return float32 time / quantized time */
    public double speedup() {
        return candidateMillis <= 0 ? 0 : referenceMillis / candidateMillis;
    }

    /** @return photos compared */
    public int images() {
        return images;
    }

    /** @return the quantized model's detections scored against the float32 model's */
    public DetectionAgreement agreement() {
        return agreement;
    }

    /** @return a side-by-side table, several lines */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-14s %-32s %-32s%n", "", clip(referenceName), clip(candidateName)));
        sb.append(String.format(Locale.ROOT, "%-14s %-32s %-32s%n", "file size",
                String.format(Locale.ROOT, "%.2f MB", referenceBytes / 1e6),
                String.format(Locale.ROOT, "%.2f MB (%.2fx smaller)", candidateBytes / 1e6,
                        candidateBytes == 0 ? 0 : (double) referenceBytes / candidateBytes)));
        sb.append(String.format(Locale.ROOT, "%-14s %-32s %-32s%n", "detect median",
                String.format(Locale.ROOT, "%.2f ms", referenceMillis),
                String.format(Locale.ROOT, "%.2f ms (%.2fx)", candidateMillis, speedup())));
        sb.append(String.format(Locale.ROOT, "agreement on %d photos (float32 detections as ground truth): %s%n",
                images, agreement));
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= 32 ? s : "..." + s.substring(s.length() - 29);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ComparisonReport[%s vs %s: %.2fx smaller, %.2fx faster, mAP@0.5 %.4f]",
                referenceName, candidateName, candidateBytes == 0 ? 0 : (double) referenceBytes / candidateBytes,
                speedup(), agreement.map50());
    }
}
