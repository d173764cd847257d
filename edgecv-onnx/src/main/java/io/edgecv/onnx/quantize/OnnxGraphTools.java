package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.spi.ModelSource;
import java.util.List;

/**
 * The quantizer's ONNX graph tooling, for the other graph rewriters of edgecv-onnx ({@code io.edgecv.onnx.prune}):
 * reading a model, naming its nodes, sorting and checking a rewritten graph, reading and making initializers, and
 * finding a model's preprocessing and labels. Not part of EdgeCV's public API: it may change in any release.
 *
 * <p>Thread-safety: stateless.
 */
public final class OnnxGraphTools {
    private OnnxGraphTools() {
    }

    /**
     * @param source an ONNX model file
     * @return the parsed model
     * @throws InvalidModelException if it is not a readable ONNX model with nodes
     */
    public static ModelProto read(ModelSource source) throws InvalidModelException {
        return GraphPreparation.read(source);
    }

    /** @return the graph with every unnamed node named after its first output */
    public static GraphProto nameNodes(GraphProto g) {
        return GraphPreparation.nameNodes(g);
    }

    /** @return the graph without initializers no node reads */
    public static GraphProto dropUnusedInitializers(GraphProto g) {
        return GraphPreparation.dropUnusedInitializers(g);
    }

    /** @return the graph with its nodes in a stable topological order */
    public static GraphProto sort(GraphProto g) {
        return Topology.sort(g);
    }

    /** @return the problems the quantizer's Java model checker finds, empty if none */
    public static List<String> check(ModelProto m) {
        return GraphChecker.check(m);
    }

    /** @return the preprocessing from the model's description file or recognised family */
    public static Preprocessing preprocessingOf(ModelSource source, int threads) throws EdgeCvException {
        return QuantizationJob.preprocessingOf(source, threads);
    }

    /** @return the labels the model detects with (from its description), or none if it has none */
    public static List<String> labelsOf(ModelSource source, int threads) {
        return QuantizationJob.labelsOf(source, threads);
    }

    /** @return a float32 initializer's values */
    public static float[] floats(TensorProto t) {
        return Tensors.floats(t);
    }

    /** @return an int32 or int64 initializer's values */
    public static long[] longs(TensorProto t) {
        return Tensors.longs(t);
    }

    /** @return a float32 initializer with raw little-endian data */
    public static TensorProto ofFloats(String name, long[] dims, float[] values) {
        return Tensors.ofFloats(name, dims, values);
    }

    /** @return an int64 initializer with raw little-endian data */
    public static TensorProto ofLongs(String name, long[] dims, long[] values) {
        return Tensors.ofLongs(name, dims, values);
    }

    /** @return the integer attribute's value, or the fallback when absent */
    public static long intAttribute(NodeProto n, String name, long fallback) {
        return Attributes.intOr(n, name, fallback);
    }

    /** @return whether the node carries a subgraph (If, Loop, Scan) */
    public static boolean hasSubgraph(NodeProto n) {
        return Attributes.hasSubgraph(n);
    }
}
