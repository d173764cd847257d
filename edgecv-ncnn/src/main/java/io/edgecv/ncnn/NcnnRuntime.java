package io.edgecv.ncnn;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and loads libncnn once: from the path in the system property {@value #PROPERTY} or the environment variable
 * {@value #ENV} (a library file, or a folder holding one), else from the system library path (JNA's search for
 * {@code ncnn}). Loading never throws: a missing library, one built without the C API, or one JNA cannot load
 * leaves a reason saying what to install.
 *
 * <p>Thread-safety: thread-safe; the library is loaded at most once per JVM.
 */
final class NcnnRuntime {
    /** System property naming libncnn or the folder holding it. */
    static final String PROPERTY = "edgecv.ncnn.library";
    /** Environment variable naming libncnn or the folder holding it. */
    static final String ENV = "EDGECV_NCNN_LIBRARY";

    static final String HOW_TO_INSTALL = "EdgeCV's ncnn backend needs a shared libncnn with its C API:"
            + " build Tencent/ncnn with cmake -DNCNN_SHARED_LIB=ON -DNCNN_C_API=ON (shared is off by default)"
            + " and install it, or install a distribution package that ships libncnn.so and ncnn/c_api.h"
            + " (Fedora: dnf install ncnn-devel; Arch: pacman -S ncnn; macOS: brew install ncnn; newer Debian and"
            + " Ubuntu releases may have libncnn-dev, Debian 12 has no ncnn package), then put it on the library"
            + " path or point -D" + PROPERTY + " (or " + ENV + ") at the library file or its folder";

    private static final Logger LOG = LoggerFactory.getLogger(NcnnRuntime.class);
    private static volatile NcnnRuntime instance;

    private final NcnnLibrary lib;
    private final String version;
    private final String origin;
    private final boolean vulkan;
    private final String failure;

    private NcnnRuntime(NcnnLibrary lib, String version, String origin, boolean vulkan, String failure) {
        this.lib = lib;
        this.version = version;
        this.origin = origin;
        this.vulkan = vulkan;
        this.failure = failure;
    }

    /** @return the runtime, loading libncnn on first call */
    static NcnnRuntime get() {
        NcnnRuntime r = instance;
        if (r == null) {
            synchronized (NcnnRuntime.class) {
                r = instance;
                if (r == null) {
                    r = load(configuredLocation());
                    instance = r;
                }
            }
        }
        return r;
    }

    /** @return whether libncnn is loaded and has every function EdgeCV calls */
    boolean isLoaded() {
        return lib != null;
    }

    /** @return why libncnn is not usable and what to install; {@code null} when loaded */
    String failure() {
        return failure;
    }

    /** @return the bound C API @throws IllegalStateException if not loaded */
    NcnnLibrary lib() {
        if (lib == null) {
            throw new IllegalStateException(failure);
        }
        return lib;
    }

    /** @return {@code ncnn_version()} of the loaded library */
    String version() {
        return version;
    }

    /** @return where the library was loaded from, for messages */
    String origin() {
        return origin;
    }

    /** @return whether the library was built with Vulkan ({@code -DNCNN_VULKAN=ON}) */
    boolean hasVulkan() {
        return vulkan;
    }

    private static String configuredLocation() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank() && !p.startsWith("${")) {
            return p.trim();
        }
        String e = System.getenv(ENV);
        if (e != null && !e.isBlank()) {
            return e.trim();
        }
        return null;
    }

    /**
     * @param location a library file or folder, or {@code null} for the system library path
     * @return a loaded runtime or one that says why not; never throws
     */
    static NcnnRuntime load(String location) {
        List<String> candidates = new ArrayList<>();
        String where;
        if (location != null) {
            Path p = Path.of(location).toAbsolutePath();
            where = PROPERTY + "/" + ENV + " = " + location;
            if (Files.isDirectory(p)) {
                candidates.addAll(librariesIn(p));
                if (candidates.isEmpty()) {
                    return failed("no libncnn in " + p + " (" + where + "); looked for "
                            + System.mapLibraryName("ncnn") + " and versioned names. " + HOW_TO_INSTALL);
                }
            } else if (Files.isRegularFile(p)) {
                candidates.add(p.toString());
            } else {
                return failed(where + " does not exist. " + HOW_TO_INSTALL);
            }
        } else {
            where = "the system library path";
            candidates.add("ncnn");
        }
        StringBuilder errors = new StringBuilder();
        for (String candidate : candidates) {
            NcnnRuntime r = tryLoad(candidate, errors);
            if (r != null) {
                return r;
            }
        }
        return failed("libncnn could not be loaded from " + where + " (" + errors + "). " + HOW_TO_INSTALL);
    }

    private static List<String> librariesIn(Path dir) {
        List<String> found = new ArrayList<>();
        String exact = System.mapLibraryName("ncnn");
        Path p = dir.resolve(exact);
        if (Files.isRegularFile(p)) {
            found.add(p.toString());
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "libncnn.so.*")) {
            for (Path v : ds) {
                if (Files.isRegularFile(v) && !found.contains(v.toString())) {
                    found.add(v.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir, e.toString());
        }
        return found;
    }

    private static NcnnRuntime tryLoad(String name, StringBuilder errors) {
        NativeLibrary nl;
        try {
            nl = NativeLibrary.getInstance(name);
        } catch (UnsatisfiedLinkError | SecurityException e) {
            append(errors, name + ": " + brief(e.getMessage()));
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (String fn : NcnnLibrary.REQUIRED) {
            if (!has(nl, fn)) {
                missing.add(fn);
            }
        }
        if (!missing.isEmpty()) {
            append(errors, nl.getFile() + " lacks " + (missing.size() == NcnnLibrary.REQUIRED.length
                    ? "NCNN's C API (rebuild with -DNCNN_C_API=ON)" : "C API functions " + missing
                    + " (use a newer ncnn)"));
            return null;
        }
        try {
            NcnnLibrary lib = Native.load(name, NcnnLibrary.class);
            String version = lib.ncnn_version();
            boolean vulkan = has(nl, "ncnn_pipelinecache_create");
            String origin = nl.getFile() == null ? name : nl.getFile().toString();
            LOG.debug("loaded libncnn {} from {} (Vulkan: {})", version, origin, vulkan);
            return new NcnnRuntime(lib, version, origin, vulkan, null);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            append(errors, name + ": " + e);
            return null;
        }
    }

    private static boolean has(NativeLibrary nl, String function) {
        try {
            nl.getFunction(function);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** JNA's message lists every place it tried, class path included; keep the loader's own lines. */
    private static String brief(String message) {
        if (message == null) {
            return "not found";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : message.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("Native library (") || l.startsWith("Unable to load library")
                    || sb.indexOf(l) >= 0) {
                continue;
            }
            append(sb, l.length() > 200 ? l.substring(0, 200) + "..." : l);
        }
        return sb.length() == 0 ? "not found" : sb.toString();
    }

    private static void append(StringBuilder sb, String s) {
        if (sb.length() > 0) {
            sb.append("; ");
        }
        sb.append(s);
    }

    private static NcnnRuntime failed(String reason) {
        LOG.debug("ncnn unavailable: {}", reason);
        return new NcnnRuntime(null, null, null, false, reason);
    }

    @Override
    public String toString() {
        return lib != null ? "libncnn " + version + " (" + origin + ")" : "libncnn unavailable: " + failure;
    }
}
