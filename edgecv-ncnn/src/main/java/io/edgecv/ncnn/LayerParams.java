package io.edgecv.ncnn;

import java.util.Arrays;

/**
 * The {@code key=value} parameters of one layer in a {@code .param} file, read as NCNN's {@code ParamDict} reads
 * them: 32 slots ({@code 0..31}), each empty, an int, a float, an int or float array, or a string. The getters return
 * what NCNN's {@code pd.get(id, default)} would hand the layer, including its quirk of reading an int slot's bits
 * as a float and the other way round, so the checks reason about the values native code will see.
 *
 * <p>Thread-safety: not thread-safe while being filled by the parser; effectively immutable afterwards.
 */
final class LayerParams {
    /** Slots NCNN keeps per layer ({@code NCNN_MAX_PARAM_COUNT}). */
    static final int SLOTS = 32;

    enum Kind { NONE, INT, FLOAT, INT_ARRAY, FLOAT_ARRAY, STRING }

    private final Kind[] kinds = new Kind[SLOTS];
    private final int[] scalars = new int[SLOTS];
    private final int[][] arrays = new int[SLOTS][];
    private final String[] strings = new String[SLOTS];

    LayerParams() {
        Arrays.fill(kinds, Kind.NONE);
    }

    void setInt(int id, int v) {
        kinds[id] = Kind.INT;
        scalars[id] = v;
    }

    void setFloat(int id, float v) {
        kinds[id] = Kind.FLOAT;
        scalars[id] = Float.floatToRawIntBits(v);
    }

    /** @param bits the elements: ints, or float bits when {@code floats} */
    void setArray(int id, int[] bits, boolean floats) {
        kinds[id] = floats ? Kind.FLOAT_ARRAY : Kind.INT_ARRAY;
        arrays[id] = bits;
    }

    void setString(int id, String s) {
        kinds[id] = Kind.STRING;
        strings[id] = s;
    }

    /** @return the slot's kind */
    Kind kind(int id) {
        return kinds[id];
    }

    /** @return whether the slot is set */
    boolean has(int id) {
        return kinds[id] != Kind.NONE;
    }

    /** @return {@code pd.get(id, int)}: the slot's 32 bits (a float's bits if it holds a float; 0 for arrays) */
    int getInt(int id, int def) {
        switch (kinds[id]) {
            case NONE: return def;
            case INT:
            case FLOAT: return scalars[id];
            default: return 0;
        }
    }

    /** @return {@code pd.get(id, float)} */
    float getFloat(int id, float def) {
        return kinds[id] == Kind.NONE ? def : Float.intBitsToFloat(getInt(id, 0));
    }

    /** @return the array's elements as ints (float arrays as their bits), empty when not an array */
    int[] array(int id) {
        return arrays[id] == null ? new int[0] : arrays[id];
    }

    /** @return the string value, empty when not a string */
    String string(int id) {
        return strings[id] == null ? "" : strings[id];
    }
}
