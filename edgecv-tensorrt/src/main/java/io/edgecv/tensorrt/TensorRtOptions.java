package io.edgecv.tensorrt;

import io.edgecv.spi.BackendOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code tensorrt.*} backend properties, parsed and checked before any native code runs. Unknown
 * {@code tensorrt.*} keys are refused so a typo does not silently build the wrong engine.
 *
 * <p>Thread-safety: immutable.
 */
final class TensorRtOptions {
    static final String DEVICE = "tensorrt.device";
    static final String PRECISION = "tensorrt.precision";
    static final String WORKSPACE = "tensorrt.workspace";
    static final String DLA_CORE = "tensorrt.dla_core";
    static final String GPU_FALLBACK = "tensorrt.gpu_fallback";
    static final String SHAPES = "tensorrt.shapes";
    static final String MIN_SHAPES = "tensorrt.min_shapes";
    static final String OPT_SHAPES = "tensorrt.opt_shapes";
    static final String MAX_SHAPES = "tensorrt.max_shapes";
    static final String OPTIMIZATION_LEVEL = "tensorrt.optimization_level";
    static final String CACHE = "tensorrt.cache";
    static final String CACHE_DIR = "tensorrt.cache_dir";
    static final String CALIBRATION_IMAGES = "tensorrt.calibration_images";

    private static final Set<String> KEYS = Set.of(DEVICE, PRECISION, WORKSPACE, DLA_CORE, GPU_FALLBACK, SHAPES,
            MIN_SHAPES, OPT_SHAPES, MAX_SHAPES, OPTIMIZATION_LEVEL, CACHE, CACHE_DIR, CALIBRATION_IMAGES);
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp");

    /** No DLA: the whole network runs on the GPU. */
    static final int NO_DLA = -1;
    /** TensorRT's own default builder optimisation level (3). */
    static final int DEFAULT_OPTIMIZATION_LEVEL = 3;

    private final int device;
    private final Precision precision;
    private final long workspaceBytes;
    private final int dlaCore;
    private final boolean gpuFallback;
    private final ShapeProfile shapes;
    private final int optimizationLevel;
    private final boolean cacheEnabled;
    private final Path cacheDir;
    private final List<Path> calibrationImages;

    private TensorRtOptions(int device, Precision precision, long workspaceBytes, int dlaCore, boolean gpuFallback,
                            ShapeProfile shapes, int optimizationLevel, boolean cacheEnabled, Path cacheDir,
                            List<Path> calibrationImages) {
        this.device = device;
        this.precision = precision;
        this.workspaceBytes = workspaceBytes;
        this.dlaCore = dlaCore;
        this.gpuFallback = gpuFallback;
        this.shapes = shapes;
        this.optimizationLevel = optimizationLevel;
        this.cacheEnabled = cacheEnabled;
        this.cacheDir = cacheDir;
        this.calibrationImages = calibrationImages;
    }

    /**
     * @param options the backend options
     * @return the parsed settings, the cache folder defaulting to {@link #defaultCacheDir}
     * @throws IllegalArgumentException naming the key and the bad value, and what is allowed
     */
    static TensorRtOptions parse(BackendOptions options) {
        return parse(options, System.getenv(), System.getProperty("user.home"));
    }

    static TensorRtOptions parse(BackendOptions options, Map<String, String> env, String userHome) {
        for (String key : options.properties().keySet()) {
            if (key.startsWith("tensorrt.") && !KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown TensorRT property " + key + "; the tensorrt backend"
                        + " understands " + new TreeSet<>(KEYS));
            }
        }
        int device = intIn(options, DEVICE, 0, 0, 1023);
        Precision precision = Precision.parse(options.property(PRECISION, "auto"));
        String ws = options.property(WORKSPACE, null);
        long workspace = ws == null ? 0 : parseBytes(ws);
        String dla = options.property(DLA_CORE, null);
        int dlaCore = dla == null || dla.trim().equals("-1") ? NO_DLA : intIn(options, DLA_CORE, NO_DLA, 0, 15);
        boolean gpuFallback = bool(options, GPU_FALLBACK, true);
        ShapeProfile shapes = ShapeProfile.parse(options.property(SHAPES, null), options.property(MIN_SHAPES, null),
                options.property(OPT_SHAPES, null), options.property(MAX_SHAPES, null));
        int level = intIn(options, OPTIMIZATION_LEVEL, DEFAULT_OPTIMIZATION_LEVEL, 0, 5);
        boolean cache = bool(options, CACHE, true);
        String dir = options.property(CACHE_DIR, null);
        Path cacheDir = dir != null && !dir.isBlank() ? Path.of(dir.trim()) : defaultCacheDir(env, userHome);
        String calib = options.property(CALIBRATION_IMAGES, null);
        List<Path> images = calib == null ? List.of() : calibrationImages(calib);
        if (!images.isEmpty() && precision != Precision.INT8) {
            throw new IllegalArgumentException(CALIBRATION_IMAGES + " is only used with " + PRECISION
                    + "=int8 (got " + precision.key() + ")");
        }
        return new TensorRtOptions(device, precision, workspace, dlaCore, gpuFallback, shapes, level, cache,
                cacheDir, images);
    }

    /**
     * The engine cache folder when {@code tensorrt.cache_dir} is not set: {@code $XDG_CACHE_HOME/edgecv/tensorrt}
     * if that variable holds an absolute path, else {@code ~/.cache/edgecv/tensorrt}.
     *
     * @param env environment variables
     * @param userHome the user's home folder
     * @return the folder
     */
    static Path defaultCacheDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "edgecv", "tensorrt");
        }
        return Path.of(userHome, ".cache", "edgecv", "tensorrt");
    }

    /**
     * @param value a size in bytes, optionally with a binary suffix: {@code 1073741824}, {@code 512MiB},
     *              {@code 512M}, {@code 1GiB}, {@code 1g}, {@code 64k} (k, M, G, T are powers of 1024)
     * @return the bytes
     * @throws IllegalArgumentException if malformed or not positive
     */
    static long parseBytes(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int end = v.length();
        while (end > 0 && !Character.isDigit(v.charAt(end - 1))) {
            end--;
        }
        String unit = v.substring(end).trim();
        long multiplier;
        switch (unit) {
            case "": case "b": multiplier = 1; break;
            case "k": case "kb": case "kib": multiplier = 1L << 10; break;
            case "m": case "mb": case "mib": multiplier = 1L << 20; break;
            case "g": case "gb": case "gib": multiplier = 1L << 30; break;
            case "t": case "tb": case "tib": multiplier = 1L << 40; break;
            default:
                throw new IllegalArgumentException(WORKSPACE + "=" + value + " has an unknown unit '" + unit
                        + "'; write bytes or use k, M, G (powers of 1024), for example 1GiB");
        }
        long n;
        try {
            n = Long.parseLong(v.substring(0, end).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WORKSPACE + "=" + value + " is not a size such as 1GiB or 536870912",
                    e);
        }
        if (n <= 0) {
            throw new IllegalArgumentException(WORKSPACE + "=" + value + " must be positive");
        }
        try {
            return Math.multiplyExact(n, multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(WORKSPACE + "=" + value + " is too large", e);
        }
    }

    private static int intIn(BackendOptions o, String key, int fallback, int min, int max) {
        String v = o.property(key, null);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number from " + min + " to " + max,
                    e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + "=" + v + " is out of range " + min + ".." + max);
        }
        return n;
    }

    private static boolean bool(BackendOptions o, String key, boolean fallback) {
        String v = o.property(key, null);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException(key + "=" + v + " is not true or false");
        }
    }

    /** Files and folders (their .jpg, .jpeg, .png, .bmp files), separated by commas or the path separator. */
    private static List<Path> calibrationImages(String value) {
        List<Path> images = new ArrayList<>();
        for (String raw : value.split("[," + File.pathSeparator + "]")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            Path p = Path.of(s);
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    files.filter(f -> Files.isRegularFile(f) && isImage(f)).sorted().forEach(images::add);
                } catch (IOException e) {
                    throw new IllegalArgumentException(CALIBRATION_IMAGES + ": cannot list " + p + ": "
                            + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                images.add(p);
            } else {
                throw new IllegalArgumentException(CALIBRATION_IMAGES + ": " + p.toAbsolutePath()
                        + " is neither an image file nor a folder");
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException(CALIBRATION_IMAGES + "=" + value + " holds no .jpg, .jpeg, .png or"
                    + " .bmp image");
        }
        return List.copyOf(images);
    }

    private static boolean isImage(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** @return CUDA device index */
    int device() {
        return device;
    }

    /** @return the requested precision */
    Precision precision() {
        return precision;
    }

    /** @return workspace memory pool limit in bytes; 0 keeps TensorRT's default (the device's memory) */
    long workspaceBytes() {
        return workspaceBytes;
    }

    /** @return DLA core to build for, or {@link #NO_DLA} */
    int dlaCore() {
        return dlaCore;
    }

    /** @return whether layers DLA cannot run fall back to the GPU (DLA builds only) */
    boolean gpuFallback() {
        return gpuFallback;
    }

    /** @return optimization-profile shapes for dynamic inputs */
    ShapeProfile shapes() {
        return shapes;
    }

    /** @return builder optimisation level, 0 (fast build) to 5 (slowest build, most tactics) */
    int optimizationLevel() {
        return optimizationLevel;
    }

    /** @return whether built engines are cached on disk */
    boolean cacheEnabled() {
        return cacheEnabled;
    }

    /** @return where engines are cached */
    Path cacheDir() {
        return cacheDir;
    }

    /** @return calibration photos for {@link Precision#INT8}, sorted; empty if none */
    List<Path> calibrationImages() {
        return calibrationImages;
    }

    @Override
    public String toString() {
        return "TensorRtOptions[device=" + device + ", precision=" + precision.key() + ", workspace="
                + (workspaceBytes == 0 ? "default" : workspaceBytes) + ", dla=" + dlaCore + ", gpuFallback="
                + gpuFallback + ", shapes=" + shapes + ", level=" + optimizationLevel + ", cache="
                + (cacheEnabled ? cacheDir : "off") + ", calibrationImages=" + calibrationImages.size() + "]";
    }
}
