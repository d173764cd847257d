package io.edgecv.tflite;

import io.edgecv.spi.flatbuffers.FlatBufferReader.Table;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Vector;
import java.util.List;

/**
 * Checks an operator's builtin options: the options table is of a known type and lies inside the file field by
 * field, operators whose kernels divide by or index with option values have the options they need with values
 * in range (strides, dilations, filter and block sizes at least 1, known padding and activation enums, finite
 * floats), and control-flow operators name existing subgraphs (recorded for the cycle check).
 *
 * <p>Thread-safety: stateless.
 */
final class OptionsCheck {
    private static final int CONV_2D_OPTIONS = 1;
    private static final int DEPTHWISE_OPTIONS = 2;
    private static final int POOL_2D_OPTIONS = 5;
    private static final int CALL_OPTIONS = 16;
    private static final int SPACE_TO_DEPTH_OPTIONS = 19;
    private static final int SPLIT_OPTIONS = 35;
    private static final int TRANSPOSE_CONV_OPTIONS = 49;
    private static final int SPLIT_V_OPTIONS = 79;
    private static final int IF_OPTIONS = 92;
    private static final int WHILE_OPTIONS = 93;
    private static final int DEPTH_TO_SPACE_OPTIONS = 94;
    private static final int CALL_ONCE_OPTIONS = 103;
    private static final int CONV_3D_OPTIONS = 106;

    private OptionsCheck() {
    }

    /** @return whether the operator's kernels accept an omitted (-1) input */
    static boolean acceptsOptionalInputs(int code) {
        switch (code) {
            case TfLiteSchema.FULLY_CONNECTED:
            case TfLiteSchema.LSTM:
            case TfLiteSchema.SVDF:
            case TfLiteSchema.UNIDIRECTIONAL_SEQUENCE_RNN:
            case TfLiteSchema.UNIDIRECTIONAL_SEQUENCE_LSTM:
            case TfLiteSchema.BIDIRECTIONAL_SEQUENCE_RNN:
            case TfLiteSchema.BIDIRECTIONAL_SEQUENCE_LSTM:
            case TfLiteSchema.TRANSPOSE_CONV:
            case TfLiteSchema.CUSTOM:
                return true;
            default:
                return false;
        }
    }

    /** The options type an operator must carry because its kernel divides by or indexes with them; 0 if none. */
    private static int requiredOptions(int code) {
        switch (code) {
            case TfLiteSchema.CONV_2D: return CONV_2D_OPTIONS;
            case TfLiteSchema.DEPTHWISE_CONV_2D: return DEPTHWISE_OPTIONS;
            case TfLiteSchema.AVERAGE_POOL_2D:
            case TfLiteSchema.MAX_POOL_2D:
            case TfLiteSchema.L2_POOL_2D: return POOL_2D_OPTIONS;
            case TfLiteSchema.TRANSPOSE_CONV: return TRANSPOSE_CONV_OPTIONS;
            case TfLiteSchema.CONV_3D:
            case TfLiteSchema.CONV_3D_TRANSPOSE: return CONV_3D_OPTIONS;
            case 26: return SPACE_TO_DEPTH_OPTIONS;   // SPACE_TO_DEPTH
            case 5: return DEPTH_TO_SPACE_OPTIONS;    // DEPTH_TO_SPACE
            case 49: return SPLIT_OPTIONS;            // SPLIT
            case 102: return SPLIT_V_OPTIONS;         // SPLIT_V
            case 31: return CALL_OPTIONS;             // CALL
            case 118: return IF_OPTIONS;              // IF
            case 119: return WHILE_OPTIONS;           // WHILE
            case 129: return CALL_ONCE_OPTIONS;       // CALL_ONCE
            default: return 0;
        }
    }

    static void check(String where, int code, int type, Table<ModelDefect> options, int type2,
                      Table<ModelDefect> options2, int subgraphs,
                      List<Integer> calls) throws ModelDefect {
        if (options != null && (type <= 0 || type >= TfLiteSchema.OPTIONS.length)) {
            throw new ModelDefect(where + ".builtin_options has unknown type " + type);
        }
        if (options2 != null && (type2 <= 0 || type2 >= TfLiteSchema.OPTIONS_2.length)) {
            throw new ModelDefect(where + ".builtin_options_2 has unknown type " + type2);
        }
        int required = requiredOptions(code);
        if (required != 0 && (options == null || type != required)) {
            throw new ModelDefect(where + " needs builtin options of type " + required + ", it has "
                    + (options == null ? "none" : "type " + type));
        }
        if (options != null) {
            layout(options, TfLiteSchema.OPTIONS[type]);
            values(where, type, options, subgraphs, calls);
        }
        if (options2 != null) {
            layout(options2, TfLiteSchema.OPTIONS_2[type2]);
            values2(where, type2, options2, subgraphs, calls);
        }
    }

    /** Checks every field of an options table against its layout string (see {@link TfLiteSchema#OPTIONS}). */
    private static void layout(Table<ModelDefect> t, String layout) throws ModelDefect {
        for (int id = 0; id < layout.length(); id++) {
            String f = "field" + id;
            switch (layout.charAt(id)) {
                case 'b': t.u8(id, f, 0); break;
                case 'i': t.i32(id, f, 0); break;
                case 'l': t.i64(id, f, 0); break;
                case 'S': t.string(id, f); break;
                case 'B': t.vector(id, f, 1); break;
                case 'I': t.vector(id, f, 4); break;
                case 'L': t.vector(id, f, 8); break;
                default: throw new IllegalStateException("bad layout " + layout);
            }
        }
    }

    private static void values(String where, int type, Table<ModelDefect> o, int subgraphs, List<Integer> calls)
            throws ModelDefect {
        String w = where + ".builtin_options";
        switch (type) {
            case CONV_2D_OPTIONS:
                padding(w, o, 0);
                atLeastOne(w, o, 1, "stride_w", 0);
                atLeastOne(w, o, 2, "stride_h", 0);
                activation(w, o, 3);
                atLeastOne(w, o, 4, "dilation_w_factor", 1);
                atLeastOne(w, o, 5, "dilation_h_factor", 1);
                tensorType(w, o, 6, "quantized_bias_type");
                break;
            case DEPTHWISE_OPTIONS:
                padding(w, o, 0);
                atLeastOne(w, o, 1, "stride_w", 0);
                atLeastOne(w, o, 2, "stride_h", 0);
                if (o.i32(3, "depth_multiplier", 0) < 0) {
                    throw new ModelDefect(w + ".depth_multiplier is negative");
                }
                activation(w, o, 4);
                atLeastOne(w, o, 5, "dilation_w_factor", 1);
                atLeastOne(w, o, 6, "dilation_h_factor", 1);
                break;
            case POOL_2D_OPTIONS:
                padding(w, o, 0);
                atLeastOne(w, o, 1, "stride_w", 0);
                atLeastOne(w, o, 2, "stride_h", 0);
                atLeastOne(w, o, 3, "filter_width", 0);
                atLeastOne(w, o, 4, "filter_height", 0);
                activation(w, o, 5);
                break;
            case TRANSPOSE_CONV_OPTIONS:
                padding(w, o, 0);
                atLeastOne(w, o, 1, "stride_w", 0);
                atLeastOne(w, o, 2, "stride_h", 0);
                activation(w, o, 3);
                tensorType(w, o, 4, "quantized_bias_type");
                break;
            case CONV_3D_OPTIONS:
                padding(w, o, 0);
                atLeastOne(w, o, 1, "stride_d", 0);
                atLeastOne(w, o, 2, "stride_w", 0);
                atLeastOne(w, o, 3, "stride_h", 0);
                activation(w, o, 4);
                atLeastOne(w, o, 5, "dilation_d_factor", 1);
                atLeastOne(w, o, 6, "dilation_w_factor", 1);
                atLeastOne(w, o, 7, "dilation_h_factor", 1);
                break;
            case 8: // FullyConnectedOptions
                activation(w, o, 0);
                enumRange(w, o, 1, "weights_format", 1);
                tensorType(w, o, 4, "quantized_bias_type");
                break;
            case 6: // SVDFOptions
                atLeastOne(w, o, 0, "rank", 0);
                activation(w, o, 1);
                break;
            case 7: case 11: case 12: case 21: case 28: case 29: case 69: case 71: // activation first
                activation(w, o, 0);
                break;
            case 14: // LSTMOptions
                activation(w, o, 0);
                finite(w, o, 1, "cell_clip");
                finite(w, o, 2, "proj_clip");
                enumRange(w, o, 3, "kernel_type", 1);
                break;
            case 10: case 31: case 70: // activation second
                activation(w, o, 1);
                break;
            case 9: finite(w, o, 0, "beta"); break;
            case 75: finite(w, o, 0, "alpha"); break;
            case 13:
                if (o.i32(0, "radius", 0) < 0) {
                    throw new ModelDefect(w + ".radius is negative");
                }
                finite(w, o, 1, "bias");
                finite(w, o, 2, "alpha");
                finite(w, o, 3, "beta");
                break;
            case 58: finite(w, o, 0, "min"); finite(w, o, 1, "max"); break;
            case SPACE_TO_DEPTH_OPTIONS:
            case DEPTH_TO_SPACE_OPTIONS:
                atLeastOne(w, o, 0, "block_size", 0);
                break;
            case SPLIT_OPTIONS:
            case SPLIT_V_OPTIONS:
                atLeastOne(w, o, 0, "num_splits", 0);
                break;
            case 59: atLeastOne(w, o, 0, "values_count", 0); break;
            case 64:
                if (o.i32(0, "num", 0) < 0) {
                    throw new ModelDefect(w + ".num is negative");
                }
                break;
            case 37: tensorType(w, o, 0, "in_data_type"); tensorType(w, o, 1, "out_data_type"); break;
            case 40: case 55: case 57: case 80: tensorType(w, o, 0, "output type"); break;
            case 107: tensorType(w, o, 1, "key_dtype"); tensorType(w, o, 2, "value_dtype"); break;
            case 77: enumRange(w, o, 0, "mode", 1); break;
            case CALL_OPTIONS: subgraph(w, o.u32(0, "subgraph", 0), subgraphs, calls); break;
            case IF_OPTIONS:
            case WHILE_OPTIONS:
                subgraph(w, o.i32(0, "subgraph 0", 0), subgraphs, calls);
                subgraph(w, o.i32(1, "subgraph 1", 0), subgraphs, calls);
                break;
            case CALL_ONCE_OPTIONS: subgraph(w, o.i32(0, "init_subgraph_index", 0), subgraphs, calls); break;
            default:
                break;
        }
    }

    private static void values2(String where, int type, Table<ModelDefect> o, int subgraphs, List<Integer> calls)
            throws ModelDefect {
        String w = where + ".builtin_options_2";
        switch (type) {
            case 5: { // StablehloCustomCallOptions.called_computations
                Vector<ModelDefect> called = o.vector(4, "called_computations", 4);
                for (int i = 0; called != null && i < called.length; i++) {
                    subgraph(w, called.i32(i), subgraphs, calls);
                }
                break;
            }
            case 6: subgraph(w, o.i32(1, "body_subgraph_index", 0), subgraphs, calls); break;
            case 7: subgraph(w, o.i32(6, "update_computation_subgraph_index", 0), subgraphs, calls); break;
            case 13: subgraph(w, o.i32(5, "body_subgraph_index", 0), subgraphs, calls); break;
            case 14: subgraph(w, o.i32(2, "comparator_subgraph_index", 0), subgraphs, calls); break;
            case 15:
                subgraph(w, o.i32(0, "cond_subgraph_index", 0), subgraphs, calls);
                subgraph(w, o.i32(1, "body_subgraph_index", 0), subgraphs, calls);
                break;
            case 21: subgraph(w, o.i32(1, "decomposition_subgraph_index", 0), subgraphs, calls); break;
            default:
                break;
        }
    }

    private static void subgraph(String w, long index, int subgraphs, List<Integer> calls) throws ModelDefect {
        if (index < 0 || index >= subgraphs) {
            throw new ModelDefect(w + " names subgraph " + index + ", out of range (the model has " + subgraphs
                    + ")");
        }
        calls.add((int) index);
    }

    private static void padding(String w, Table<ModelDefect> o, int id) throws ModelDefect {
        enumRange(w, o, id, "padding", 1);
    }

    private static void activation(String w, Table<ModelDefect> o, int id) throws ModelDefect {
        enumRange(w, o, id, "fused_activation_function", 5);
    }

    private static void enumRange(String w, Table<ModelDefect> o, int id, String name, int max) throws ModelDefect {
        int v = o.i8(id, name, 0);
        if (v < 0 || v > max) {
            throw new ModelDefect(w + "." + name + " is " + v + ", not one of 0.." + max);
        }
    }

    private static void tensorType(String w, Table<ModelDefect> o, int id, String name) throws ModelDefect {
        int v = o.i8(id, name, 0);
        if (!TfLiteSchema.isTensorType(v)) {
            throw new ModelDefect(w + "." + name + " is " + v + ", not a tensor type");
        }
    }

    private static void atLeastOne(String w, Table<ModelDefect> o, int id, String name, int fallback)
            throws ModelDefect {
        int v = o.i32(id, name, fallback);
        if (v < 1) {
            throw new ModelDefect(w + "." + name + " is " + v + "; it must be at least 1");
        }
    }

    private static void finite(String w, Table<ModelDefect> o, int id, String name) throws ModelDefect {
        float v = o.f32(id, name, 0f);
        if (!Float.isFinite(v)) {
            throw new ModelDefect(w + "." + name + " is " + v);
        }
    }
}
