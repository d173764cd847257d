package io.edgecv.ncnn;

import io.edgecv.spi.BackendOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code ncnn.*} backend properties, parsed and checked. See {@link NcnnBackendProvider} for what each means.
 *
 * <p>Thread-safety: immutable.
 */
final class NcnnOptions {
    static final String VULKAN = "ncnn.vulkan";
    static final String FP16_STORAGE = "ncnn.fp16_storage";
    static final String FP16_ARITHMETIC = "ncnn.fp16_arithmetic";
    static final String BF16_STORAGE = "ncnn.bf16_storage";
    static final String LIGHT_MODE = "ncnn.light_mode";
    static final String PACKING = "ncnn.packing";
    static final String INPUTS = "ncnn.inputs";
    static final String OUTPUTS = "ncnn.outputs";
    static final String INPUT_SHAPE = "ncnn.input_shape";
    static final String MEAN = "ncnn.mean";
    static final String NORM = "ncnn.norm";
    static final String WEIGHTS = "ncnn.weights";
    static final String SHAPE_CHECK = "ncnn.shape_check";
    private static final Set<String> KEYS = Set.of(VULKAN, FP16_STORAGE, FP16_ARITHMETIC, BF16_STORAGE, LIGHT_MODE,
            PACKING, INPUTS, OUTPUTS, INPUT_SHAPE, MEAN, NORM, WEIGHTS, SHAPE_CHECK);

    final int threads;
    final boolean vulkan;
    final boolean fp16Storage;
    final boolean fp16Arithmetic;
    final boolean bf16Storage;
    final boolean lightMode;
    final boolean packing;
    final List<String> inputs;
    final List<String> outputs;
    final long[] inputShape;
    final float[] mean;
    final float[] norm;
    final String weights;
    final boolean shapeCheck;

    private NcnnOptions(BackendOptions o) {
        for (Map.Entry<String, String> e : o.properties().entrySet()) {
            if (e.getKey().startsWith("ncnn.") && !KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown NCNN property " + e.getKey() + "; known: "
                        + new java.util.TreeSet<>(KEYS));
            }
        }
        threads = o.threads();
        vulkan = bool(o, VULKAN, false);
        fp16Storage = bool(o, FP16_STORAGE, true);
        fp16Arithmetic = bool(o, FP16_ARITHMETIC, true);
        bf16Storage = bool(o, BF16_STORAGE, false);
        lightMode = bool(o, LIGHT_MODE, true);
        packing = bool(o, PACKING, true);
        inputs = names(o.property(INPUTS, ""));
        outputs = names(o.property(OUTPUTS, ""));
        inputShape = shape(o.property(INPUT_SHAPE, ""));
        mean = floats(o, MEAN);
        norm = floats(o, NORM);
        weights = o.property(WEIGHTS, null);
        shapeCheck = bool(o, SHAPE_CHECK, true);
    }

    /**
     * @param o the options handed to the backend
     * @return the parsed NCNN settings
     * @throws IllegalArgumentException naming the bad property and its allowed values
     */
    static NcnnOptions of(BackendOptions o) {
        return new NcnnOptions(o);
    }

    private static boolean bool(BackendOptions o, String key, boolean def) {
        String v = o.property(key, null);
        if (v == null) {
            return def;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": case "on": case "1": case "yes": return true;
            case "false": case "off": case "0": case "no": return false;
            default: throw new IllegalArgumentException(key + "=" + v + " is not true or false");
        }
    }

    private static List<String> names(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return List.copyOf(out);
    }

    private static long[] shape(String v) {
        if (v.isBlank()) {
            return null;
        }
        String[] parts = v.split("[,x ]+");
        long[] s = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                s[i] = Long.parseLong(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(INPUT_SHAPE + "=" + v + " is not a list of sizes such as 1,3,640,640");
        }
        if (s.length < 2 || s.length > 5 || s[0] != 1) {
            throw new IllegalArgumentException(INPUT_SHAPE + "=" + v + " must be [1, c, h, w] (or [1, w], [1, h, w],"
                    + " [1, c, d, h, w]); NCNN runs one image at a time");
        }
        for (long d : s) {
            if (d < 1 || d > 1 << 16) {
                throw new IllegalArgumentException(INPUT_SHAPE + "=" + v + " has a size outside 1..65536");
            }
        }
        return s;
    }

    private static float[] floats(BackendOptions o, String key) {
        String v = o.property(key, null);
        if (v == null || v.isBlank()) {
            return null;
        }
        String[] parts = v.split(",");
        float[] f = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                f[i] = Float.parseFloat(parts[i].trim());
                if (!Float.isFinite(f[i])) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a comma-separated list of numbers");
        }
        return f;
    }
}
