package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The essential rules of ONNX's model checker, in Java, applied to every model the quantizer writes: IR version
 * and operator set imports present, every node's domain imported, names unique (static single assignment),
 * every node input defined by a graph input, an initializer or an earlier node (topological order), every graph
 * output defined, initializer data matching its declared shape and type, graph inputs and outputs typed, and
 * QuantizeLinear/DequantizeLinear consistent (float scales, zero points of the quantized type and of the scale's
 * shape, per-axis scales as long as the axis, int32 only for DequantizeLinear, 8-bit types for QuantizeLinear).
 *
 * <p>Thread-safety: stateless.
 */
final class GraphChecker {
    private GraphChecker() {
    }

    /** @return the problems found, empty if none */
    static List<String> check(ModelProto m) {
        List<String> problems = new ArrayList<>();
        if (m.getIrVersion() < 3) {
            problems.add("ir_version " + m.getIrVersion() + " is missing or older than 3");
        }
        Set<String> domains = new HashSet<>();
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            String d = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
            if (!domains.add(d)) {
                problems.add("operator set domain '" + d + "' imported twice");
            }
            if (o.getVersion() < 1) {
                problems.add("operator set domain '" + d + "' has version " + o.getVersion());
            }
        }
        if (!domains.contains("")) {
            problems.add("no default ONNX operator set imported");
        }
        GraphProto g = m.getGraph();
        if (g.getName().isEmpty()) {
            problems.add("graph has no name");
        }
        Map<String, TensorProto> inits = new HashMap<>();
        Set<String> defined = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            if (inits.put(t.getName(), t) != null) {
                problems.add("initializer " + t.getName() + " defined twice");
            }
            checkTensor(t, problems);
            defined.add(t.getName());
        }
        for (ValueInfoProto v : g.getInputList()) {
            if (!v.hasType() && !inits.containsKey(v.getName())) {
                problems.add("graph input " + v.getName() + " has no type");
            }
            if (!inits.containsKey(v.getName()) && !defined.add(v.getName())) {
                problems.add("graph input " + v.getName() + " declared twice");
            }
        }
        Set<String> nodeNames = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().isEmpty()) {
                problems.add("node " + n.getName() + " has no op_type");
            }
            String d = n.getDomain().equals("ai.onnx") ? "" : n.getDomain();
            if (!domains.contains(d)) {
                problems.add("node " + n.getName() + " (" + n.getOpType() + ") uses domain '" + d
                        + "', which the model does not import");
            }
            if (!n.getName().isEmpty() && !nodeNames.add(n.getName())) {
                problems.add("node name " + n.getName() + " used twice");
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !defined.contains(in)) {
                    problems.add("node " + n.getName() + " (" + n.getOpType() + ") reads " + in
                            + " before anything defines it (not topologically sorted, or undefined)");
                }
            }
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && !defined.add(out)) {
                    problems.add("tensor " + out + " is written twice (node " + n.getName() + ")");
                }
            }
            if (n.getOpType().equals("QuantizeLinear") || n.getOpType().equals("DequantizeLinear")) {
                checkQdq(n, inits, problems);
            }
        }
        for (ValueInfoProto v : g.getOutputList()) {
            if (!defined.contains(v.getName())) {
                problems.add("graph output " + v.getName() + " is not defined");
            }
            if (!v.hasType()) {
                problems.add("graph output " + v.getName() + " has no type");
            }
        }
        return problems;
    }

    private static void checkTensor(TensorProto t, List<String> problems) {
        if (t.getDataType() == 0) {
            problems.add("initializer " + t.getName() + " has no data type");
            return;
        }
        for (long d : t.getDimsList()) {
            if (d < 0) {
                problems.add("initializer " + t.getName() + " has a negative dimension");
                return;
            }
        }
        if (Tensors.isExternal(t)) {
            return;
        }
        long stored = Tensors.storedCount(t);
        if (stored >= 0 && stored != Tensors.elementCount(t)) {
            problems.add("initializer " + t.getName() + " holds " + stored + " values but its shape "
                    + t.getDimsList() + " needs " + Tensors.elementCount(t));
        }
    }

    private static void checkQdq(NodeProto n, Map<String, TensorProto> inits, List<String> problems) {
        boolean quantize = n.getOpType().equals("QuantizeLinear");
        if (n.getInputCount() < 2 || n.getOutputCount() != 1) {
            problems.add(n.getOpType() + " " + n.getName() + " needs x, scale[, zero point] and one output");
            return;
        }
        TensorProto scale = inits.get(n.getInput(1));
        TensorProto zp = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? inits.get(n.getInput(2)) : null;
        if (scale == null) {
            return; // a computed scale: nothing static to check
        }
        if (scale.getDataType() != Tensors.FLOAT) {
            problems.add(n.getName() + ": scale " + scale.getName() + " is not float32");
        }
        for (float s : Tensors.floats(scale)) {
            if (!(s > 0f) || !Float.isFinite(s)) {
                problems.add(n.getName() + ": scale " + scale.getName() + " has a value that is not positive and"
                        + " finite: " + s);
                break;
            }
        }
        if (zp != null) {
            int zt = zp.getDataType();
            boolean ok = zt == Tensors.UINT8 || zt == Tensors.INT8 || (!quantize && zt == Tensors.INT32);
            if (!ok) {
                problems.add(n.getName() + ": zero point " + zp.getName() + " has type " + zt
                        + "; " + n.getOpType() + " takes uint8 or int8" + (quantize ? "" : " (or int32)"));
            }
            if (!zp.getDimsList().equals(scale.getDimsList())) {
                problems.add(n.getName() + ": zero point " + zp.getDimsList() + " and scale " + scale.getDimsList()
                        + " differ in shape");
            }
        }
        TensorProto x = inits.get(n.getInput(0));
        if (!quantize && x != null && zp != null && x.getDataType() != zp.getDataType()) {
            problems.add(n.getName() + ": input " + x.getName() + " has type " + x.getDataType()
                    + " but its zero point has type " + zp.getDataType());
        }
        AttributeProto axisAttr = Attributes.find(n, "axis");
        if (scale.getDimsCount() > 1) {
            problems.add(n.getName() + ": scale must be a scalar or 1-D, is " + scale.getDimsList());
        } else if (scale.getDimsCount() == 1 && x != null) {
            long axis = axisAttr == null ? 1 : axisAttr.getI();
            if (axis < 0) {
                axis += x.getDimsCount();
            }
            if (axis < 0 || axis >= x.getDimsCount()) {
                problems.add(n.getName() + ": axis " + axis + " is out of range for " + x.getDimsList());
            } else if (x.getDims((int) axis) != scale.getDims(0) && scale.getDims(0) != 1) {
                problems.add(n.getName() + ": " + scale.getDims(0) + " scales for axis " + axis + " of length "
                        + x.getDims((int) axis));
            }
        }
    }
}
