package io.edgecv.ncnn;

/**
 * One layer line of a {@code .param} file: type, name, the blobs it reads and writes (as blob indices, numbered in
 * order of first appearance as NCNN numbers them), and its parameters.
 *
 * <p>Thread-safety: immutable after parsing.
 */
final class ParamLayer {
    final int index;
    final int line;
    final String type;
    final String name;
    final int[] bottoms;
    final int[] tops;
    final LayerParams params;

    ParamLayer(int index, int line, String type, String name, int[] bottoms, int[] tops, LayerParams params) {
        this.index = index;
        this.line = line;
        this.type = type;
        this.name = name;
        this.bottoms = bottoms;
        this.tops = tops;
        this.params = params;
    }

    /** @return where the layer is, for messages */
    String where() {
        return "layer " + index + " (" + type + " '" + name + "', line " + line + ")";
    }
}
