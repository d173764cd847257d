package io.edgecv.tensorrt;

import java.io.IOException;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a shared library by its soname the way the Linux dynamic loader would, without loading it: the folders of
 * {@code LD_LIBRARY_PATH}, then the paths recorded in {@code /etc/ld.so.cache}, then the usual system, CUDA,
 * TensorRT, Jetson ({@code tegra}) and WSL folders. This lets the backend say that the NVIDIA driver or TensorRT is
 * missing before it touches any native code.
 *
 * <p>Thread-safety: immutable; the cache file is read once, when the finder is made.
 */
final class NativeLibraryFinder {
    private static final Path LD_SO_CACHE = Path.of("/etc/ld.so.cache");
    /** ld.so.cache files are a few hundred KB; anything far larger is not one. */
    private static final long MAX_CACHE_BYTES = 64L << 20;

    private final List<Path> pathDirs;
    private final byte[] ldCache;
    private final List<Path> defaultDirs;

    /**
     * @param pathDirs folders searched first, as {@code LD_LIBRARY_PATH}
     * @param ldCache contents of {@code /etc/ld.so.cache}, empty if none
     * @param defaultDirs folders searched last
     */
    NativeLibraryFinder(List<Path> pathDirs, byte[] ldCache, List<Path> defaultDirs) {
        this.pathDirs = List.copyOf(pathDirs);
        this.ldCache = ldCache.clone();
        this.defaultDirs = List.copyOf(defaultDirs);
    }

    /**
     * @param arch {@code os.arch}: {@code amd64}/{@code x86_64} or {@code aarch64}
     * @return a finder over this machine's {@code LD_LIBRARY_PATH}, loader cache and standard folders
     */
    static NativeLibraryFinder system(String arch) {
        return new NativeLibraryFinder(splitPath(System.getenv("LD_LIBRARY_PATH")), readCache(LD_SO_CACHE),
                defaultDirs(arch));
    }

    static List<Path> splitPath(String value) {
        List<Path> dirs = new ArrayList<>();
        if (value != null) {
            for (String s : value.split(File.pathSeparator)) {
                if (!s.isBlank()) {
                    dirs.add(Path.of(s.trim()));
                }
            }
        }
        return dirs;
    }

    private static byte[] readCache(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= MAX_CACHE_BYTES) {
                return Files.readAllBytes(file);
            }
        } catch (IOException | SecurityException e) {
            // an unreadable cache only means fewer places are searched
        }
        return new byte[0];
    }

    /**
     * @param arch {@code os.arch}
     * @return the folders where distributions, the CUDA and TensorRT installers, JetPack and WSL put libraries
     */
    static List<Path> defaultDirs(String arch) {
        String triplet = "aarch64".equals(arch) || "arm64".equals(arch) ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        String cudaTarget = "aarch64-linux-gnu".equals(triplet) ? "aarch64-linux" : "x86_64-linux";
        List<Path> dirs = new ArrayList<>();
        for (String d : new String[] {
            "/usr/lib/" + triplet, "/lib/" + triplet, "/usr/lib/" + triplet + "/tegra",
            "/usr/lib/" + triplet + "/nvidia", "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/lib/wsl/lib",
            "/usr/local/cuda/lib64", "/usr/local/cuda/targets/" + cudaTarget + "/lib",
            "/usr/local/cuda/targets/sbsa-linux/lib", "/usr/local/tensorrt/lib", "/opt/tensorrt/lib"}) {
            dirs.add(Path.of(d));
        }
        return dirs;
    }

    /**
     * @param soname a library's soname, such as {@code libcuda.so.1}
     * @return the first existing file the loader would find for it
     */
    Optional<Path> find(String soname) {
        for (Path dir : pathDirs) {
            Path p = dir.resolve(soname);
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        for (Path p : cachedPaths(soname)) {
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        for (Path dir : defaultDirs) {
            Path p = dir.resolve(soname);
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the loader cache as glibc does ({@code elf/cache.c}, format {@code glibc-ld.so.cache1.1}, possibly after
     * an old {@code ld.so-1.7.0} part): a header with the entry count at offset 20, 24-byte entries from offset 48
     * holding the offsets of the soname (key) and the full path (value), counted from the header's start.
     *
     * @param soname a soname
     * @return the paths recorded for it, in cache order; empty if none or if the cache is unreadable
     */
    List<Path> cachedPaths(String soname) {
        List<Path> out = new ArrayList<>();
        byte[] c = ldCache;
        int base = indexOf(c, NEW_MAGIC);
        if (base < 0 || base + 48 > c.length) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(c);
        b.order((c[base + 28] & 3) == 3 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long n = b.getInt(base + 20) & 0xFFFFFFFFL;
        byte[] key = soname.getBytes(StandardCharsets.UTF_8);
        for (long i = 0; i < n; i++) {
            long entry = base + 48 + i * 24;
            if (entry + 24 > c.length) {
                break;
            }
            long k = base + (b.getInt((int) entry + 4) & 0xFFFFFFFFL);
            long v = base + (b.getInt((int) entry + 8) & 0xFFFFFFFFL);
            if (k < c.length && v < c.length && stringEquals(c, (int) k, key)) {
                int end = (int) v;
                while (end < c.length && c[end] != 0) {
                    end++;
                }
                out.add(Path.of(new String(c, (int) v, end - (int) v, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static final byte[] NEW_MAGIC = "glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII);

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** @return whether the NUL-terminated string at {@code at} is exactly {@code s} */
    private static boolean stringEquals(byte[] data, int at, byte[] s) {
        if (at + s.length >= data.length) {
            return false;
        }
        for (int j = 0; j < s.length; j++) {
            if (data[at + j] != s[j]) {
                return false;
            }
        }
        return data[at + s.length] == 0;
    }
}
