package io.edgecv.train.data;

import java.nio.charset.StandardCharsets;

/**
 * The train/validation split key: a seeded 64-bit hash of a file name mapped to {@code [0, 1)}. It depends only
 * on the name and the seed, so adding or removing other files never moves a file to the other side.
 * FNV-1a over the UTF-8 bytes, then the seed mixed in by SplitMix64's finaliser (FNV alone spreads short names
 * with a common prefix poorly; the finaliser makes every bit of the result depend on every bit of the input).
 *
 * <p>Thread-safety: stateless.
 */
final class SplitHash {
    private SplitHash() {
    }

    /**
     * @param name the file name
     * @param seed the split's seed
     * @return a number in {@code [0, 1)}, uniform over names
     */
    static double unit(String name, long seed) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        long z = h + seed * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
