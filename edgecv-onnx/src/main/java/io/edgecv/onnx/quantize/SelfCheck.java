package io.edgecv.onnx.quantize;

import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.model.DescriptionFile;
import io.edgecv.quantize.ComparisonReport;
import io.edgecv.quantize.ModelComparison;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationRefusedException;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quantizer's own check of a static INT8 model before it is written: the float32 model and the quantized
 * one run as detectors over (up to {@link #MAX_PHOTOS} of) the calibration photos; the quantized detections are
 * scored against the float32 ones. Below {@link QuantizationConfig#minAgreement()} the model is refused; below
 * {@link QuantizationConfig#WARN_AGREEMENT}, or when INT8 runs slower than float32, the report carries a
 * warning. A model that is not a recognised detector (no family, no description file) cannot be checked: the
 * report says so.
 *
 * <p>Thread-safety: stateless.
 */
final class SelfCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SelfCheck.class);
    /** Photos the check runs on at most: enough to see a broken head, few enough to stay quick. */
    static final int MAX_PHOTOS = 16;

    /** What the check found. */
    static final class Result {
        final ComparisonReport report;
        final List<String> warnings;

        Result(ComparisonReport report, List<String> warnings) {
            this.report = report;
            this.warnings = warnings;
        }
    }

    private SelfCheck() {
    }

    /**
     * @param model the float32 model
     * @param candidate the quantized model, written in a scratch folder
     * @param cfg the configuration (photos, threads, floor)
     * @return the comparison (null when the model is not a detector) and the warnings
     * @throws QuantizationRefusedException if the agreement is below the floor
     * @throws EdgeCvException if the quantized model cannot be run
     * @throws IOException if a photo cannot be read
     */
    static Result run(Path model, Path candidate, QuantizationConfig cfg) throws EdgeCvException, IOException {
        List<String> warnings = new ArrayList<>();
        copyDescription(model, candidate);
        try (Detector probe = Detector.builder().setModel(model).optThreads(cfg.threads()).build()) {
            LOG.debug("checking the quantized model as a {} detector", probe.description().family());
        } catch (InvalidModelException e) {
            warnings.add("agreement with float32 not checked: the model is not a detector EdgeCV recognises ("
                    + e.getMessage() + "); compare it yourself with ModelComparison or `edgecv quantize --eval`");
            return new Result(null, warnings);
        }
        List<Path> photos = cfg.calibrationImages();
        photos = photos.subList(0, Math.min(MAX_PHOTOS, photos.size()));
        ComparisonReport c = new ModelComparison(model, candidate).addImages(photos).optThreads(cfg.threads())
                .optTimedRuns(3).run();
        double map = c.agreement().map50();
        String measured = String.format(Locale.ROOT, "%s on %d calibration photos", c.agreement(), c.images());
        if (c.agreement().referenceCount() == 0) {
            warnings.add("agreement with float32 not checked: the float32 model found nothing on the calibration"
                    + " photos; calibrate on photos that show what the model detects");
        } else if (map < cfg.minAgreement()) {
            throw new QuantizationRefusedException(String.format(Locale.ROOT, "the INT8 model's detections agree"
                    + " with the float32 model's at mAP@0.5 %.3f (%s), below the floor %.2f, so it was not written."
                    + " Try another calibration method (percentile), more calibration photos like those the model"
                    + " will see, or leave the failing nodes in float (exclude nodes or operator types); a floor"
                    + " of 0 (optMinAgreement(0)) writes it anyway.", map, measured, cfg.minAgreement()), c);
        } else if (map < QuantizationConfig.WARN_AGREEMENT) {
            warnings.add(String.format(Locale.ROOT, "agreement with float32 is only mAP@0.5 %.3f (%s); check the"
                    + " quantized model on your own photos before using it", map, measured));
        }
        if (c.speedup() > 0 && c.speedup() < 1.0) {
            warnings.add(String.format(Locale.ROOT, "INT8 runs at %.2fx the float32 speed here (median %.2f ms vs"
                    + " %.2f ms per detection on %d photos, %s threads): on this machine and runtime the integer"
                    + " kernels do not pay for this model; keep float32 or try FP16", c.speedup(),
                    c.candidateMillis(), c.referenceMillis(), c.images(),
                    cfg.threads() == 0 ? "default" : String.valueOf(cfg.threads())));
        }
        return new Result(c, warnings);
    }

    /**
     * A model described by a file beside it needs the same description beside the candidate (and the label file
     * it names, if it names one by a plain file name).
     */
    private static void copyDescription(Path model, Path candidate) throws IOException, InvalidModelException {
        Optional<Path> desc = DescriptionFile.findFor(ModelSource.of(model));
        if (desc.isEmpty()) {
            return;
        }
        String base = candidate.getFileName().toString();
        int dot = base.lastIndexOf('.');
        base = dot > 0 ? base.substring(0, dot) : base;
        Path dir = candidate.toAbsolutePath().getParent();
        Files.copy(desc.get(), dir.resolve(base + DescriptionFile.SUFFIX));
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(desc.get(), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String labels = p.getProperty("labels");
        if (labels != null) {
            Path from = desc.get().toAbsolutePath().getParent().resolve(labels.trim());
            Path to = dir.resolve(labels.trim()).normalize();
            if (to.startsWith(dir) && Files.isRegularFile(from) && !Files.exists(to)) {
                Files.createDirectories(to.getParent());
                Files.copy(from, to);
            }
        }
    }
}
