package io.edgecv.tensorrt;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Minimum, optimum and maximum shapes of the dynamic inputs of a model: one TensorRT optimization profile.
 * Written as trtexec writes them, {@code name:1x3x640x640,other:1x10}; an input name may itself contain colons
 * ({@code input:0}), the dimensions follow the last one.
 *
 * <p>Thread-safety: immutable.
 */
final class ShapeProfile {
    /** No shapes given. */
    static final ShapeProfile EMPTY = new ShapeProfile(Map.of());

    private final Map<String, long[][]> shapes;

    private ShapeProfile(Map<String, long[][]> shapes) {
        this.shapes = shapes;
    }

    /**
     * @param fixed {@code tensorrt.shapes}: one shape per input, used as minimum, optimum and maximum; or null
     * @param min {@code tensorrt.min_shapes}, or null
     * @param opt {@code tensorrt.opt_shapes}, or null
     * @param max {@code tensorrt.max_shapes}, or null
     * @return the profile
     * @throws IllegalArgumentException if a list is malformed, only some of min/opt/max are given, they name
     *                                  different inputs, an input is in both the fixed and the ranged lists, or a
     *                                  minimum exceeds its optimum or an optimum its maximum
     */
    static ShapeProfile parse(String fixed, String min, String opt, String max) {
        Map<String, long[][]> all = new TreeMap<>();
        if (fixed != null) {
            for (Map.Entry<String, long[]> e : parseList(TensorRtOptions.SHAPES, fixed).entrySet()) {
                all.put(e.getKey(), new long[][] {e.getValue(), e.getValue(), e.getValue()});
            }
        }
        int given = (min != null ? 1 : 0) + (opt != null ? 1 : 0) + (max != null ? 1 : 0);
        if (given != 0 && given != 3) {
            throw new IllegalArgumentException("set all three of " + TensorRtOptions.MIN_SHAPES + ", "
                    + TensorRtOptions.OPT_SHAPES + " and " + TensorRtOptions.MAX_SHAPES + " (or "
                    + TensorRtOptions.SHAPES + " for fixed shapes); only " + given + " given");
        }
        if (given == 3) {
            Map<String, long[]> mins = parseList(TensorRtOptions.MIN_SHAPES, min);
            Map<String, long[]> opts = parseList(TensorRtOptions.OPT_SHAPES, opt);
            Map<String, long[]> maxs = parseList(TensorRtOptions.MAX_SHAPES, max);
            if (!mins.keySet().equals(opts.keySet()) || !mins.keySet().equals(maxs.keySet())) {
                throw new IllegalArgumentException(TensorRtOptions.MIN_SHAPES + ", " + TensorRtOptions.OPT_SHAPES
                        + " and " + TensorRtOptions.MAX_SHAPES + " must name the same inputs, got "
                        + mins.keySet() + ", " + opts.keySet() + " and " + maxs.keySet());
            }
            for (String name : mins.keySet()) {
                if (all.containsKey(name)) {
                    throw new IllegalArgumentException("input '" + name + "' is in both " + TensorRtOptions.SHAPES
                            + " and the min/opt/max shapes; give it once");
                }
                long[] lo = mins.get(name);
                long[] mid = opts.get(name);
                long[] hi = maxs.get(name);
                if (lo.length != mid.length || lo.length != hi.length) {
                    throw new IllegalArgumentException("input '" + name + "': min, opt and max shapes have different"
                            + " ranks: " + format(lo) + ", " + format(mid) + ", " + format(hi));
                }
                for (int d = 0; d < lo.length; d++) {
                    if (lo[d] > mid[d] || mid[d] > hi[d]) {
                        throw new IllegalArgumentException("input '" + name + "': dimension " + d
                                + " must satisfy min <= opt <= max, got " + format(lo) + ", " + format(mid)
                                + ", " + format(hi));
                    }
                }
                all.put(name, new long[][] {lo, mid, hi});
            }
        }
        return all.isEmpty() ? EMPTY : new ShapeProfile(Collections.unmodifiableMap(all));
    }

    private static Map<String, long[]> parseList(String key, String value) {
        Map<String, long[]> out = new TreeMap<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(key + ": '" + entry + "' is not name:dims such as"
                        + " images:1x3x640x640");
            }
            String name = entry.substring(0, colon).trim();
            if (name.length() >= 2 && name.startsWith("'") && name.endsWith("'")) {
                name = name.substring(1, name.length() - 1);
            }
            if (out.put(name, parseDims(key, entry.substring(colon + 1).trim())) != null) {
                throw new IllegalArgumentException(key + " names input '" + name + "' twice");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty; write name:dims such as images:1x3x640x640");
        }
        return out;
    }

    private static long[] parseDims(String key, String dims) {
        String[] parts = dims.split("[xX]");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": dimension '" + parts[i] + "' of " + dims
                        + " is not a number; write dimensions as 1x3x640x640", e);
            }
            if (out[i] < 1) {
                throw new IllegalArgumentException(key + ": dimensions must be 1 or more, got " + dims);
            }
        }
        return out;
    }

    /** @return whether no input has shapes */
    boolean isEmpty() {
        return shapes.isEmpty();
    }

    /**
     * @param input an input name
     * @return {min, opt, max} for it (copies), or null if not given
     */
    long[][] get(String input) {
        long[][] s = shapes.get(input);
        return s == null ? null : new long[][] {s[0].clone(), s[1].clone(), s[2].clone()};
    }

    /** @return the input names, sorted */
    Set<String> inputs() {
        return shapes.keySet();
    }

    /** @return a canonical text for cache keys: {@code name=min/opt/max;} sorted by name, or {@code none} */
    String canonical() {
        if (shapes.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, long[][]> e : shapes.entrySet()) {
            long[][] s = e.getValue();
            sb.append(e.getKey()).append('=').append(format(s[0])).append('/').append(format(s[1])).append('/')
                    .append(format(s[2])).append(';');
        }
        return sb.toString();
    }

    /**
     * @param dims dimensions
     * @return them as {@code 1x3x640x640}
     */
    static String format(long[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return canonical();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShapeProfile && ((ShapeProfile) o).canonical().equals(canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }
}
