package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a float graph ready for quantization, as the reference tools do: ONNX Runtime rewrites it at its
 * <em>basic</em> level (constant folding, BatchNorm/Add/Mul folded into Conv, redundant nodes removed: all
 * standard ONNX operators, so the graph stays portable) and writes it to a file; then BatchNorms ONNX Runtime left
 * are folded here, operator set imports nothing uses and unused initializers are dropped, and nodes without a name
 * are named after their first output (so that reports and exclusions can name them).
 *
 * <p>Thread-safety: stateless.
 */
final class GraphPreparation {
    private static final Logger LOG = LoggerFactory.getLogger(GraphPreparation.class);

    private GraphPreparation() {
    }

    static ModelProto prepare(ModelSource source, ModelProto original, int threads, Path workDir)
            throws EdgeCvException {
        Path optimized = workDir.resolve("basic-optimized.onnx");
        BackendOptions opts = BackendOptions.of(threads, Map.of("onnx.optimization", "basic",
                "onnx.optimized_model_path", optimized.toString()));
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx").open(source, opts)) {
            LOG.debug("ONNX Runtime ({}) wrote the basic-optimised graph of {} to {}", s.backendName(),
                    source.name(), optimized);
        }
        ModelProto m;
        try {
            m = ModelProto.parseFrom(Files.readAllBytes(optimized));
        } catch (IOException e) {
            throw new EdgeCvException("ONNX Runtime did not write the optimised graph of " + source.name() + " to "
                    + optimized + ": " + e.getMessage(), e);
        }
        ModelProto.Builder b = m.toBuilder();
        if (b.getMetadataPropsCount() == 0) {
            b.addAllMetadataProps(original.getMetadataPropsList());
        }
        GraphProto g = BatchNormFolding.fold(b.getGraph());
        g = nameNodes(dropUnusedInitializers(g));
        b.setGraph(g);
        keepUsedOpsets(b);
        return b.build();
    }

    /** Reads a model file, refusing what is not a parseable ONNX model. */
    static ModelProto read(ModelSource source) throws InvalidModelException {
        if (source.format() != ModelFormat.ONNX) {
            throw new InvalidModelException(source.name() + " is not an ONNX model (its first bytes say "
                    + source.format() + "); the quantizer reads .onnx files");
        }
        try {
            ModelProto m = ModelProto.parseFrom(source.bytes());
            if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) {
                throw new InvalidModelException(source.name() + " has no graph nodes; export it again");
            }
            return m;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new InvalidModelException(source.name() + " is not a readable ONNX model (" + e.getMessage()
                    + "); check the file is complete", e);
        }
    }

    static GraphProto dropUnusedInitializers(GraphProto g) {
        Set<String> read = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            read.addAll(n.getInputList());
        }
        g.getOutputList().forEach(o -> read.add(o.getName()));
        Set<String> dropped = new HashSet<>();
        GraphProto.Builder b = g.toBuilder().clearInitializer().clearInput();
        for (TensorProto t : g.getInitializerList()) {
            if (read.contains(t.getName())) {
                b.addInitializer(t);
            } else {
                dropped.add(t.getName());
            }
        }
        for (var v : g.getInputList()) {
            if (!dropped.contains(v.getName())) {
                b.addInput(v);
            }
        }
        return b.build();
    }

    static GraphProto nameNodes(GraphProto g) {
        Set<String> names = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            names.add(n.getName());
        }
        GraphProto.Builder b = g.toBuilder();
        for (int i = 0; i < b.getNodeCount(); i++) {
            NodeProto n = b.getNode(i);
            if (n.getName().isEmpty()) {
                String base = n.getOutputCount() > 0 && !n.getOutput(0).isEmpty() ? n.getOutput(0)
                        : n.getOpType() + "_" + i;
                String name = base;
                for (int k = 2; names.contains(name); k++) {
                    name = base + "_" + k;
                }
                names.add(name);
                b.setNode(i, n.toBuilder().setName(name));
            }
        }
        return b.build();
    }

    /** Drops operator set imports of domains no node uses (ONNX Runtime lists every domain it knows). */
    static void keepUsedOpsets(ModelProto.Builder b) {
        Set<String> domains = new HashSet<>();
        for (NodeProto n : b.getGraph().getNodeList()) {
            domains.add(n.getDomain().equals("ai.onnx") ? "" : n.getDomain());
        }
        List<OperatorSetIdProto> all = List.copyOf(b.getOpsetImportList());
        b.clearOpsetImport();
        for (OperatorSetIdProto o : all) {
            String d = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
            if (d.isEmpty() || domains.contains(d)) {
                b.addOpsetImport(o);
            }
        }
    }
}
