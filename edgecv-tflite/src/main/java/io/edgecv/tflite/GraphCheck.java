package io.edgecv.tflite;

import java.util.Arrays;

/**
 * Checks the data flow of one subgraph, which TensorFlow Lite's delegate partitioning and memory planning assume
 * without checking: every tensor has at most one producer (an operator output or a subgraph input), no operator
 * reads a tensor that it or a later operator produces (the graph runs in operator order and has no cycle), and
 * elementwise type conversions ({@code DEQUANTIZE}, {@code QUANTIZE}, {@code CAST}) keep their input's shape,
 * since XNNPACK reads constant weights through them by the output's static shape.
 *
 * <p>Thread-safety: stateless.
 */
final class GraphCheck {
    private static final int DEQUANTIZE = 6;
    private static final int CAST = 53;
    private static final int QUANTIZE = 114;

    private GraphCheck() {
    }

    static void check(String path, long[][] shapes, int[] subgraphInputs, int[] codes, int[][] inputs,
                      int[][] outputs) throws ModelDefect {
        int[] producer = new int[shapes.length];
        Arrays.fill(producer, -1);
        for (int x : subgraphInputs) {
            if (producer[x] != -1) {
                throw new ModelDefect(path + ".inputs lists tensor " + x + " twice");
            }
            producer[x] = Integer.MAX_VALUE; // available before any operator runs
        }
        for (int o = 0; o < codes.length; o++) {
            for (int x : outputs[o]) {
                if (producer[x] != -1) {
                    throw new ModelDefect(path + ".operators[" + o + "] (" + TfLiteSchema.opName(codes[o])
                            + ") writes tensor " + x + ", which " + (producer[x] == Integer.MAX_VALUE
                            ? "is a subgraph input" : "operators[" + producer[x] + "] also writes"));
                }
                producer[x] = o;
            }
        }
        for (int o = 0; o < codes.length; o++) {
            for (int x : inputs[o]) {
                if (x >= 0 && producer[x] >= o && producer[x] != Integer.MAX_VALUE) {
                    throw new ModelDefect(path + ".operators[" + o + "] (" + TfLiteSchema.opName(codes[o])
                            + ") reads tensor " + x + " before operators[" + producer[x] + "] writes it: the"
                            + " graph has a cycle or is out of order");
                }
            }
            if ((codes[o] == DEQUANTIZE || codes[o] == QUANTIZE || codes[o] == CAST)) {
                if (inputs[o].length < 1 || outputs[o].length != 1 || inputs[o][0] < 0) {
                    throw new ModelDefect(path + ".operators[" + o + "] (" + TfLiteSchema.opName(codes[o])
                            + ") needs one input and one output");
                }
                long[] in = shapes[inputs[o][0]];
                long[] out = shapes[outputs[o][0]];
                if (!Arrays.equals(in, out)) {
                    throw new ModelDefect(path + ".operators[" + o + "] (" + TfLiteSchema.opName(codes[o])
                            + ") turns shape " + Arrays.toString(in) + " into " + Arrays.toString(out));
                }
            }
        }
    }
}
