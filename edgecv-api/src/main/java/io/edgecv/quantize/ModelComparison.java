package io.edgecv.quantize;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.DetectorBuilder;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a float32 model and its quantized version over the same photos and reports file sizes, detection latency
 * and detection agreement ({@link DetectionAgreement}: the float32 detections at the model's confidence threshold
 * are the ground truth; the quantized model's detections down to half that threshold, or
 * {@link #optCandidateConfidence}, are scored against them).
 *
 * <p>Latency here is a wall-clock median of a few {@link Detector#detect} calls per photo after one warm-up: a
 * quick figure for a command line, not a benchmark (use JMH for figures to publish).
 *
 * <p>Thread-safety: not thread-safe; configure and {@link #run()} on one thread.
 */
public final class ModelComparison {
    private final Path reference;
    private final Path candidate;
    private final List<Path> images = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private int threads;
    private int timedRuns = 3;
    private float candidateConfidence = Float.NaN;

    /**
     * @param reference the float32 model file
     * @param candidate the quantized model file
     */
    public ModelComparison(Path reference, Path candidate) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /**
     * @param photos photos to run both models on (add photos not used for calibration)
     * @return this
     */
    public ModelComparison addImages(List<Path> photos) {
        for (Path p : photos) {
            images.add(Objects.requireNonNull(p, "photo"));
        }
        return this;
    }

    /**
     * @param threads intra-op threads of both runtimes; 0 (default) lets the runtime choose
     * @return this
     */
    public ModelComparison optThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (runtime default) or more, got " + threads);
        }
        this.threads = threads;
        return this;
    }

    /**
     * @param runs timed detections per photo and model after one warm-up (default 3; 0 skips timing)
     * @return this
     */
    public ModelComparison optTimedRuns(int runs) {
        if (runs < 0) {
            throw new IllegalArgumentException("timed runs must be 0 or more, got " + runs);
        }
        this.timedRuns = runs;
        return this;
    }

    /**
     * @param confidence the candidate's detections down to this score enter agreement's precision-recall curve, in
     *     (0, 1); default: half the reference model's confidence threshold. A low value (0.05) completes the curve
     *     the way mAP evaluations do, for candidates whose scores are lower than the reference's (a distilled or
     *     heavily pruned model)
     * @return this
     */
    public ModelComparison optCandidateConfidence(float confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("candidate confidence " + confidence + " is not in (0, 1)");
        }
        this.candidateConfidence = confidence;
        return this;
    }

    /**
     * @param key a backend property for both models, such as {@code onnx.optimization}
     * @param value its value
     * @return this
     */
    public ModelComparison optBackendProperty(String key, String value) {
        properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Runs both models over the photos.
     *
     * @return sizes, latencies and agreement
     * @throws EdgeCvException if a model cannot be opened or run
     * @throws IOException if a photo or model file cannot be read
     * @throws IllegalStateException if no photo was added
     */
    public ComparisonReport run() throws EdgeCvException, IOException {
        if (images.isEmpty()) {
            throw new IllegalStateException("add photos to compare the models on (addImages)");
        }
        List<ImageInput> photos = new ArrayList<>();
        for (Path p : images) {
            photos.add(ImageInput.read(p));
        }
        List<List<Detection>> refDetections = new ArrayList<>();
        List<List<Detection>> candDetections = new ArrayList<>();
        double refMs;
        double candMs;
        float confidence;
        List<String> refLabels;
        List<String> candLabels;
        try (Detector ref = open(reference, null)) {
            confidence = ref.description().confidence();
            refLabels = ref.description().labels();
            refMs = detectAll(ref, photos, refDetections);
        }
        try (Detector cand = open(candidate, Float.isNaN(candidateConfidence) ? confidence * 0.5f
                : candidateConfidence)) {
            candLabels = cand.description().labels();
            candMs = detectAll(cand, photos, candDetections);
        }
        // models with different label lists (a student of another family) are compared class by class name
        return new ComparisonReport(reference.getFileName().toString(), candidate.getFileName().toString(),
                size(reference), size(candidate), refMs, candMs, photos.size(), DetectionAgreement.compute(
                        DetectionAgreement.renumbered(refDetections, refLabels, candLabels), candDetections));
    }

    private Detector open(Path model, Float confidence) throws EdgeCvException {
        DetectorBuilder b = Detector.builder().setModel(model).optThreads(threads).optMaxDetections(300);
        properties.forEach(b::optBackendProperty);
        if (confidence != null) {
            b.optConfidence(confidence);
        }
        return b.build();
    }

    private double detectAll(Detector d, List<ImageInput> photos, List<List<Detection>> out) throws EdgeCvException {
        long[] times = new long[photos.size() * timedRuns];
        int t = 0;
        for (ImageInput photo : photos) {
            out.add(d.detect(photo));
            for (int r = 0; r < timedRuns; r++) {
                long start = System.nanoTime();
                d.detect(photo);
                times[t++] = System.nanoTime() - start;
            }
        }
        if (times.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(times);
        return times[times.length / 2] / 1e6;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
