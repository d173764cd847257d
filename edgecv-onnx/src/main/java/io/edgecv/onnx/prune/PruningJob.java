package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.model.ModelFiles;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.prune.GroupDecision;
import io.edgecv.prune.Importance;
import io.edgecv.prune.LeftWhole;
import io.edgecv.prune.PrunedChannels;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningListener;
import io.edgecv.prune.PruningMode;
import io.edgecv.prune.PruningReport;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.quantize.ModelComparison;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pruning, start to finish: read and vet the model, prune (structured, in steps, with refits) or sparsify,
 * check the result (the Java model checker, then ONNX Runtime must load and run it with outputs of the original
 * shapes) and only then write it, measure it and evaluate it.
 *
 * <p>Thread-safety: stateless.
 */
final class PruningJob {
    private static final Logger LOG = LoggerFactory.getLogger(PruningJob.class);
    /** Metadata key recording how the model was made. */
    static final String METADATA_KEY = "edgecv.pruning";

    private PruningJob() {
    }

    static PruningReport run(Path model, Path output, PruningConfig cfg, PruningListener listener)
            throws EdgeCvException {
        long start = System.nanoTime();
        boolean structured = cfg.mode() == PruningMode.STRUCTURED;
        boolean pruning = cfg.ratio() > 0 || (structured && !cfg.groupRatios().isEmpty())
                || cfg.mode() == PruningMode.SEMI_STRUCTURED_2_4;
        if (structured && pruning && cfg.calibrationImages().isEmpty()
                && (cfg.recovery() || cfg.importance() == Importance.ACTIVATION)) {
            throw new IllegalArgumentException("structured pruning with " + (cfg.recovery() ? "recovery"
                    : "activation importance") + " runs calibration photos through the model; give some"
                    + " (optCalibrationImages, a few hundred video frames work best) or use optRecovery(false) with"
                    + " L1, L2 or BN_SCALE importance");
        }
        ModelSource source = ModelSource.of(model);
        ModelProto original = OnnxGraphTools.read(source);
        refuse(original, source.name(), cfg);
        GraphProto graph = structured && pruning ? ConstantNodes.toInitializers(original.getGraph())
                : original.getGraph();
        ModelProto current = original.toBuilder()
                .setGraph(OnnxGraphTools.sort(OnnxGraphTools.nameNodes(graph))).build();
        Preprocessing pre = null;
        if (!cfg.calibrationImages().isEmpty() || staticInputShape(current.getGraph()) == null) {
            pre = cfg.preprocessing().isPresent() ? cfg.preprocessing().get()
                    : OnnxGraphTools.preprocessingOf(source, cfg.threads());
        }
        long[] inputShape = pre != null ? pre.tensorShape() : staticInputShape(current.getGraph());
        CalibrationInputs calib = cfg.calibrationImages().isEmpty() ? null
                : new CalibrationInputs(cfg.calibrationImages(), pre);
        ModelCost before = ModelCost.of(current, inputShape, cfg.threads());
        long opset = opset(original);
        List<GroupDecision> groups = new ArrayList<>();
        List<LeftWhole> left = new ArrayList<>();
        PrunedChannels channels = recordedChannels(current, source.name());
        if (structured && pruning) {
            double step = 1 - Math.pow(1 - cfg.ratio(), 1.0 / cfg.steps());
            for (int s = 0; s < cfg.steps(); s++) {
                StructuredStep st = new StructuredStep();
                current = st.run(current, source.name(), step, cfg, calib, inputShape, opset, listener);
                channels = channels.then(st.kept);
                groups = mergeSteps(groups, st.decisions);
                left = new ArrayList<>(st.leftWhole);
            }
        } else if (pruning) {
            current = current.toBuilder().setGraph(Sparsifier.apply(current.getGraph(), cfg.mode(), cfg.ratio(),
                    cfg.excludedNodes(), left)).build();
        }
        ModelProto result = finish(current, cfg, channels);
        verify(result, original, inputShape, source.name(), cfg.threads());
        ModelCost after = ModelCost.of(result, inputShape, cfg.threads());
        byte[] bytes = result.toByteArray();
        try {
            ModelFiles.write(bytes, output);
            for (Path p : ModelFiles.writeSidecars(source, OnnxGraphTools.labelsOf(source, cfg.threads()), output)) {
                LOG.info("wrote {} beside {} (from the original model)", p.getFileName(), output);
            }
            DetectionAgreement agreement = null;
            if (!cfg.evaluationImages().isEmpty()) {
                listener.progress("evaluation", 0, cfg.evaluationImages().size());
                agreement = new ModelComparison(model, output).addImages(cfg.evaluationImages())
                        .optThreads(cfg.threads()).optTimedRuns(0).run().agreement();
            }
            PruningReport report = new PruningReport(cfg, Files.size(model), bytes.length, deflated(bytes),
                    before.params(), after.params(), before.macs(), after.macs(), after.zeroFraction(), groups, left,
                    agreement, calib == null ? 0 : calib.size(), cfg.evaluationImages().size(),
                    Duration.ofNanos(System.nanoTime() - start));
            LOG.info("pruned {} to {}: {}", model, output, report);
            return report;
        } catch (IOException e) {
            throw new EdgeCvException("cannot write or read " + output + ": " + e.getMessage(), e);
        }
    }

    /** Later steps report the channels they started from as the first step's, and their own errors. */
    private static List<GroupDecision> mergeSteps(List<GroupDecision> earlier, List<GroupDecision> now) {
        if (earlier.isEmpty()) {
            return now;
        }
        List<GroupDecision> out = new ArrayList<>();
        for (GroupDecision d : now) {
            int before = earlier.stream().filter(e -> e.name().equals(d.name())).mapToInt(GroupDecision::channelsBefore)
                    .findFirst().orElse(d.channelsBefore());
            out.add(new GroupDecision(d.name(), d.producers(), d.consumers(), before, d.channelsAfter(),
                    d.errorBeforeRefit(), d.errorAfterRefit()));
        }
        return out;
    }

    private static void refuse(ModelProto m, String name, PruningConfig cfg) throws InvalidModelException {
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (n.getOpType().equals("QuantizeLinear") || n.getOpType().equals("DequantizeLinear")
                    || n.getOpType().startsWith("QLinear") || n.getOpType().endsWith("Integer")) {
                throw new InvalidModelException(name + " is quantized (node " + n.getName() + ", "
                        + n.getOpType() + "); prune the float32 model, then quantize the pruned one");
            }
        }
        for (TensorProto t : m.getGraph().getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw new InvalidModelException(name + " keeps initializer " + t.getName() + " in an external file;"
                        + " save the model as a single file");
            }
        }
        if (cfg.importance() == Importance.BN_SCALE && cfg.mode() == PruningMode.STRUCTURED
                && m.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("BatchNormalization"))) {
            throw new IllegalArgumentException(name + " has no BatchNormalization nodes (exporters usually fold"
                    + " them into the convolutions); use importance L1, L2 or ACTIVATION");
        }
    }

    /**
     * The model's own record of an earlier pruning: this one's kept channels compose onto it, so that they stay
     * indices of the original model.
     */
    private static PrunedChannels recordedChannels(ModelProto m, String name) throws InvalidModelException {
        for (StringStringEntryProto e : m.getMetadataPropsList()) {
            if (e.getKey().equals(PrunedChannels.METADATA_KEY)) {
                try {
                    return PrunedChannels.parse(e.getValue());
                } catch (IllegalArgumentException bad) {
                    throw new InvalidModelException(name + " has unreadable metadata " + PrunedChannels.METADATA_KEY
                            + ": " + bad.getMessage() + "; remove that entry to prune it", bad);
                }
            }
        }
        return PrunedChannels.none();
    }

    private static ModelProto finish(ModelProto m, PruningConfig cfg, PrunedChannels channels) {
        ModelProto.Builder b = m.toBuilder();
        b.setGraph(OnnxGraphTools.dropUnusedInitializers(b.getGraph()));
        for (int i = b.getMetadataPropsCount() - 1; i >= 0; i--) {
            String key = b.getMetadataProps(i).getKey();
            if (key.equals(METADATA_KEY) || key.equals(PrunedChannels.METADATA_KEY)) {
                b.removeMetadataProps(i);
            }
        }
        b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(METADATA_KEY).setValue(cfg.toString()));
        if (!channels.isEmpty()) {
            b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(PrunedChannels.METADATA_KEY)
                    .setValue(channels.format()));
        }
        return b.build();
    }

    /** Refuses to write a model the checker rejects or whose outputs changed shape. */
    private static void verify(ModelProto result, ModelProto original, long[] inputShape, String name, int threads)
            throws EdgeCvException {
        List<String> problems = OnnxGraphTools.check(result);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the pruned graph of " + name + " fails the model checks (a bug in the"
                    + " pruner, please report it with the model); nothing was written: " + problems);
        }
        List<String> outs = result.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
        long[][] want = outputShapes(original, outs, inputShape, threads);
        long[][] got = outputShapes(result, outs, inputShape, threads);
        for (int i = 0; i < outs.size(); i++) {
            if (!Arrays.equals(want[i], got[i])) {
                throw new IllegalStateException("pruning changed the shape of output " + outs.get(i) + " of " + name
                        + " from " + Arrays.toString(want[i]) + " to " + Arrays.toString(got[i])
                        + " (a bug in the pruner); nothing was written");
            }
        }
    }

    private static long[][] outputShapes(ModelProto m, List<String> outs, long[] inputShape, int threads)
            throws EdgeCvException {
        try (TensorTap tap = new TensorTap(m, outs, inputShape, threads)) {
            tap.runOne(new float[(int) Arrays.stream(inputShape).reduce(1, (a, b) -> a * b)]);
            long[][] s = new long[outs.size()][];
            for (int i = 0; i < s.length; i++) {
                s[i] = tap.shapes()[i].clone();
            }
            return s;
        }
    }

    private static long[] staticInputShape(GraphProto g) {
        Set<String> inits = new java.util.HashSet<>();
        g.getInitializerList().forEach(t -> inits.add(t.getName()));
        for (ValueInfoProto v : g.getInputList()) {
            if (inits.contains(v.getName())) {
                continue;
            }
            List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
            long[] s = new long[dims.size()];
            for (int i = 0; i < s.length; i++) {
                if (!dims.get(i).hasDimValue() || dims.get(i).getDimValue() <= 0) {
                    return null;
                }
                s[i] = dims.get(i).getDimValue();
            }
            return s.length == 0 ? null : s;
        }
        return null;
    }

    private static long opset(ModelProto m) {
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        return 0;
    }

    private static long deflated(byte[] bytes) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        d.setInput(bytes);
        d.finish();
        byte[] buf = new byte[1 << 16];
        long n = 0;
        while (!d.finished()) {
            n += d.deflate(buf);
        }
        d.end();
        return n;
    }
}
