package io.edgecv.onnx.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds everything in a model that stands in the way of converting it, before anything is written: unsupported
 * operators (each named once, with its count), quantized tensors outside DEQUANTIZE, convolution filters that are
 * not constant, tensor types ONNX inputs cannot take here.
 *
 * <p>Thread-safety: stateless.
 */
final class GraphCheck {
    /** Builtin operators the converter maps. */
    static final Set<Integer> SUPPORTED = Set.of(TfLiteOps.ADD, TfLiteOps.SUB, TfLiteOps.MUL, TfLiteOps.DIV,
            TfLiteOps.MAXIMUM, TfLiteOps.MINIMUM, TfLiteOps.AVERAGE_POOL_2D, TfLiteOps.MAX_POOL_2D,
            TfLiteOps.CONCATENATION, TfLiteOps.CONV_2D, TfLiteOps.DEPTHWISE_CONV_2D, TfLiteOps.TRANSPOSE_CONV,
            TfLiteOps.FULLY_CONNECTED, TfLiteOps.DEQUANTIZE, TfLiteOps.RESHAPE, TfLiteOps.PAD, TfLiteOps.PADV2,
            TfLiteOps.MEAN, TfLiteOps.RELU, TfLiteOps.RELU6, TfLiteOps.RELU_N1_TO_1, TfLiteOps.PRELU,
            TfLiteOps.LEAKY_RELU, TfLiteOps.LOGISTIC, TfLiteOps.TANH, TfLiteOps.HARD_SWISH,
            TfLiteOps.RESIZE_BILINEAR, TfLiteOps.RESIZE_NEAREST_NEIGHBOR, TfLiteOps.TRANSPOSE, TfLiteOps.SOFTMAX,
            TfLiteOps.DEPTH_TO_SPACE, TfLiteOps.SPACE_TO_DEPTH, TfLiteOps.DENSIFY);

    private GraphCheck() {
    }

    /** @return one line per problem, empty if the model can be converted */
    static List<String> problems(TfLiteModel m) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> unsupported = new LinkedHashMap<>();
        boolean[] constant = new boolean[m.tensors.size()];
        for (TfLiteModel.Tensor t : m.tensors) {
            constant[t.index()] = t.isConstant();
        }
        List<String> quantized = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        for (TfLiteModel.Operator op : m.operators) {
            if (!SUPPORTED.contains(op.code())) {
                unsupported.merge(op.name(), 1, Integer::sum);
                continue;
            }
            if (!hasRequiredTensors(op)) {
                malformed.add(label(op) + " has inputs " + java.util.Arrays.toString(op.inputs()) + " and outputs "
                        + java.util.Arrays.toString(op.outputs()));
                continue;
            }
            if (op.code() == TfLiteOps.DENSIFY) {
                TfLiteModel.Tensor in = m.tensors.get(op.inputs()[0]);
                constant[op.outputs()[0]] = true;
                if (!in.isConstant() || in.sparsity() == null
                        || (in.type() != TfLiteModel.FLOAT32 && in.type() != TfLiteModel.FLOAT16)) {
                    quantized.add(label(op) + " of " + in.typeName() + (in.sparsity() == null ? " dense" : "")
                            + " tensor '" + in.name() + "' (only sparse float constants are densified)");
                }
                continue;
            }
            if (op.code() == TfLiteOps.DEQUANTIZE) {
                TfLiteModel.Tensor in = m.tensors.get(op.inputs()[0]);
                constant[op.outputs()[0]] = constant[in.index()];
                if (in.type() == TfLiteModel.INT16 || (in.isConstant() && !in.isQuantized()
                        && in.type() != TfLiteModel.FLOAT16)) {
                    quantized.add(label(op) + " of " + in.typeName() + " tensor '" + in.name() + "'");
                }
                continue;
            }
            for (int i : op.inputs()) {
                if (i >= 0 && m.tensors.get(i).sparsity() != null) {
                    quantized.add(label(op) + " reads sparse tensor '" + m.tensors.get(i).name() + "'");
                    break;
                }
                if (i >= 0 && m.tensors.get(i).isQuantized()) {
                    quantized.add(label(op) + " reads " + m.tensors.get(i).typeName() + " tensor '"
                            + m.tensors.get(i).name() + "'");
                    break;
                }
            }
            for (int o : op.outputs()) {
                if (m.tensors.get(o).type() != TfLiteModel.FLOAT32) {
                    quantized.add(label(op) + " writes " + m.tensors.get(o).typeName() + " tensor '"
                            + m.tensors.get(o).name() + "'");
                    break;
                }
            }
            boolean conv = op.code() == TfLiteOps.CONV_2D || op.code() == TfLiteOps.DEPTHWISE_CONV_2D
                    || op.code() == TfLiteOps.TRANSPOSE_CONV;
            int filter = conv ? op.inputs()[1] : -1;
            if (filter >= 0 && !constant[filter]) {
                filters.add(label(op) + " has a filter computed at run time ('" + m.tensors.get(filter).name()
                        + "')");
            }
        }
        unsupported.forEach((name, n) -> out.add("operator " + name + " (" + n + (n == 1 ? " use" : " uses")
                + ") is not supported"));
        summarize(out, quantized, "quantized or non-float32 tensors are supported only as DEQUANTIZE inputs: ");
        summarize(out, filters, "convolution filters must be constants: ");
        summarize(out, malformed, "operators without the tensors they need: ");
        for (int i : m.inputs) {
            int type = m.tensors.get(i).type();
            if (type != TfLiteModel.FLOAT32 && type != TfLiteModel.FLOAT16 && !m.tensors.get(i).isQuantized()) {
                out.add("input '" + m.tensors.get(i).name() + "' is " + m.tensors.get(i).typeName()
                        + "; only float inputs are supported");
            }
        }
        return out;
    }

    /** @return whether the operator has its required inputs (not omitted) and an output */
    private static boolean hasRequiredTensors(TfLiteModel.Operator op) {
        int required = switch (op.code()) {
            case TfLiteOps.TRANSPOSE_CONV -> 3;
            case TfLiteOps.ADD, TfLiteOps.SUB, TfLiteOps.MUL, TfLiteOps.DIV, TfLiteOps.MAXIMUM, TfLiteOps.MINIMUM,
                    TfLiteOps.CONV_2D, TfLiteOps.DEPTHWISE_CONV_2D, TfLiteOps.FULLY_CONNECTED, TfLiteOps.PAD,
                    TfLiteOps.PADV2, TfLiteOps.MEAN, TfLiteOps.TRANSPOSE, TfLiteOps.PRELU -> 2;
            default -> 1;
        };
        if (op.inputs().length < required || op.outputs().length < 1) {
            return false;
        }
        for (int i = 0; i < required; i++) {
            if (op.inputs()[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static void summarize(List<String> out, List<String> items, String what) {
        if (items.isEmpty()) {
            return;
        }
        int shown = Math.min(items.size(), 3);
        out.add(what + String.join(", ", items.subList(0, shown))
                + (items.size() > shown ? " and " + (items.size() - shown) + " more" : ""));
    }

    private static String label(TfLiteModel.Operator op) {
        return "operator " + op.index() + " (" + op.name() + ")";
    }
}
