package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelFiles;
import io.edgecv.model.ModelSignature;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.quantize.CalibrationListener;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationMode;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.TensorRange;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One quantization, start to finish: read and vet the model, let ONNX Runtime optimise it at the basic level,
 * infer tensor types, then calibrate and write QDQ (static INT8), rewrite MatMul/Gemm/Conv with integer ops
 * (dynamic INT8) or convert to float16; check the result with {@link GraphChecker} and write it.
 *
 * <p>Thread-safety: stateless; each call works on its own copy of the model in its own temporary folder.
 */
final class QuantizationJob {
    private static final Logger LOG = LoggerFactory.getLogger(QuantizationJob.class);
    /** Metadata key recording how the model was made. */
    static final String METADATA_KEY = "edgecv.quantization";

    private QuantizationJob() {
    }

    static QuantizationReport run(Path model, Path output, QuantizationConfig cfg, CalibrationListener listener)
            throws EdgeCvException {
        long start = System.nanoTime();
        if (cfg.mode() == QuantizationMode.STATIC_INT8 && cfg.calibrationImages().isEmpty()) {
            throw new IllegalArgumentException("static INT8 quantization needs calibration images (8 or more photos"
                    + " like those the model will see: optCalibrationImages); without any, use mode DYNAMIC_INT8"
                    + " or FP16");
        }
        ModelSource source = ModelSource.of(model);
        ModelProto original = GraphPreparation.read(source);
        ModelChecks.refuseUnconvertible(original, source.name(), cfg.mode());
        Path work;
        try {
            work = Files.createTempDirectory("edgecv-quantize");
        } catch (IOException e) {
            throw new EdgeCvException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        try {
            ModelProto prepared = GraphPreparation.prepare(source, original, cfg.threads(), work);
            if (cfg.mode() != QuantizationMode.FP16 && cfg.perChannel()) {
                prepared = OpsetUpgrade.toPerAxisOpset(prepared, source.name());
            }
            TensorTypes types = TensorTypes.infer(prepared, cfg.threads());
            List<TensorRange> ranges = new ArrayList<>();
            long calibrationNanos = 0;
            Conversion c;
            switch (cfg.mode()) {
                case STATIC_INT8: {
                    Preprocessing pre = cfg.preprocessing().isPresent() ? cfg.preprocessing().get()
                            : preprocessingOf(source, cfg.threads());
                    QdqPlan plan = QdqPlan.make(new GraphIndex(prepared.getGraph()), types, cfg, source.name());
                    RangeSelector selector = new RangeSelector(cfg.calibrationMethod(), cfg.percentile(),
                            cfg.activationType());
                    long t0 = System.nanoTime();
                    Map<String, TensorStatistics> stats = Calibrator.calibrate(prepared, plan.tensorsToCalibrate(),
                            cfg.calibrationImages(), pre, selector.needsHistogram(), cfg.threads(), listener);
                    calibrationNanos = System.nanoTime() - t0;
                    c = new Conversion(QdqRewriter.rewrite(plan, stats, selector, cfg, ranges),
                            new ArrayList<>(plan.decisions.values()), cfg.perChannel() ? 13 : 10);
                    break;
                }
                case DYNAMIC_INT8:
                    c = DynamicQuantizer.quantize(new GraphIndex(prepared.getGraph()), types, cfg, source.name());
                    break;
                default:
                    c = Fp16Converter.convert(new GraphIndex(prepared.getGraph()), types, cfg);
                    break;
            }
            ModelProto result = finish(prepared, c, cfg);
            List<String> problems = GraphChecker.check(result);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the quantized graph of " + source.name() + " fails the model"
                        + " checks (a bug in the quantizer, please report it with the model): " + problems);
            }
            SelfCheck.Result check = null;
            if (cfg.mode() == QuantizationMode.STATIC_INT8) {
                // check before writing: a refused model never replaces the file at `output`
                Path candidate = Files.createDirectories(work.resolve("check"))
                        .resolve(output.getFileName().toString());
                Files.write(candidate, result.toByteArray());
                check = SelfCheck.run(model, candidate, cfg);
            }
            ModelFiles.write(result.toByteArray(), output);
            for (Path p : ModelFiles.writeSidecars(source, labelsOf(source, cfg.threads()), output)) {
                LOG.info("wrote {} beside {} (from the original model)", p.getFileName(), output);
            }
            long outBytes = Files.size(output);
            QuantizationReport report = new QuantizationReport(cfg, Files.size(model), outBytes, c.decisions,
                    ranges, cfg.mode() == QuantizationMode.STATIC_INT8 ? cfg.calibrationImages().size() : 0,
                    Duration.ofNanos(calibrationNanos), Duration.ofNanos(System.nanoTime() - start));
            if (check != null) {
                report = report.withCheck(check.report, check.warnings);
                check.warnings.forEach(w -> LOG.warn("{}: {}", output, w));
            }
            LOG.info("quantized {} to {}: {}", model, output, report);
            return report;
        } catch (IOException e) {
            throw new EdgeCvException("cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    private static ModelProto finish(ModelProto prepared, Conversion c, QuantizationConfig cfg) {
        ModelProto.Builder b = prepared.toBuilder().setGraph(c.graph);
        for (int i = 0; i < b.getOpsetImportCount(); i++) {
            OperatorSetIdProto o = b.getOpsetImport(i);
            if ((o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) && o.getVersion() < c.minOpset) {
                b.setOpsetImport(i, o.toBuilder().setVersion(c.minOpset));
            }
        }
        for (int i = b.getMetadataPropsCount() - 1; i >= 0; i--) {
            if (b.getMetadataProps(i).getKey().equals(METADATA_KEY)) {
                b.removeMetadataProps(i);
            }
        }
        b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(METADATA_KEY).setValue(cfg.toString()));
        GraphPreparation.keepUsedOpsets(b);
        return b.build();
    }

    /** The preprocessing from the model's description: a description file beside it, or its recognised family. */
    static Preprocessing preprocessingOf(ModelSource source, int threads) throws EdgeCvException {
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx")
                .open(source, BackendOptions.of(threads, Map.of()))) {
            ModelSignature sig = new ModelSignature(source, s.inputs(), s.outputs(), s.metadata());
            try {
                return ModelFamilies.describe(sig).preprocessing();
            } catch (InvalidModelException e) {
                throw new InvalidModelException("calibration feeds photos through the model's preprocessing, but "
                        + e.getMessage() + " Or pass the preprocessing in the QuantizationConfig"
                        + " (optPreprocessing); models with dynamic input sizes need it too.", e);
            }
        }
    }

    /** @return the labels the model detects with (from its description), or none if it has none */
    static List<String> labelsOf(ModelSource source, int threads) {
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx")
                .open(source, BackendOptions.of(threads, Map.of()))) {
            ModelSignature sig = new ModelSignature(source, s.inputs(), s.outputs(), s.metadata());
            return ModelFamilies.describe(sig).labels();
        } catch (EdgeCvException e) {
            LOG.debug("{}: no description, so no labels to write beside the new model: {}", source.name(),
                    e.getMessage());
            return List.of();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
