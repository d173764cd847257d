package io.edgecv.model;

import io.edgecv.InvalidModelException;
import java.util.Map;

/**
 * Typed reads of description-file properties, with messages that name the key and the bad value.
 *
 * <p>Thread-safety: stateless.
 */
public final class Props {
    private Props() {
    }

    /**
     * @param p properties
     * @param key key
     * @param fallback value when absent
     * @return the float
     * @throws InvalidModelException if present but not a number
     */
    public static float getFloat(Map<String, String> p, String key, float fallback) throws InvalidModelException {
        String v = p.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidModelException("property " + key + "=" + v + " is not a number");
        }
    }

    /**
     * @param p properties
     * @param key key
     * @param fallback value when absent
     * @return the int
     * @throws InvalidModelException if present but not an integer
     */
    public static int getInt(Map<String, String> p, String key, int fallback) throws InvalidModelException {
        String v = p.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidModelException("property " + key + "=" + v + " is not an integer");
        }
    }

    /**
     * @param p properties
     * @param key key of a comma-separated list of numbers
     * @param fallback value when absent
     * @return the floats
     * @throws InvalidModelException if present but not numbers
     */
    public static float[] getFloats(Map<String, String> p, String key, float[] fallback) throws InvalidModelException {
        String v = p.get(key);
        if (v == null) {
            return fallback;
        }
        String[] parts = v.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                String s = parts[i].trim();
                int slash = s.indexOf('/');
                out[i] = slash > 0 ? Float.parseFloat(s.substring(0, slash)) / Float.parseFloat(s.substring(slash + 1))
                        : Float.parseFloat(s);
            } catch (NumberFormatException e) {
                throw new InvalidModelException("property " + key + "=" + v + ": '" + parts[i]
                        + "' is not a number (write a comma-separated list such as 1, 2, 0.5, 1/3)");
            }
        }
        return out;
    }

    /**
     * @param p properties
     * @param key key of a comma-separated list of integers
     * @param fallback value when absent
     * @return the ints
     * @throws InvalidModelException if present but not integers
     */
    public static int[] getInts(Map<String, String> p, String key, int[] fallback) throws InvalidModelException {
        float[] f = getFloats(p, key, null);
        if (f == null) {
            return fallback;
        }
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            if (f[i] != Math.rint(f[i])) {
                throw new InvalidModelException("property " + key + "=" + p.get(key) + " must hold integers");
            }
            out[i] = (int) f[i];
        }
        return out;
    }
}
