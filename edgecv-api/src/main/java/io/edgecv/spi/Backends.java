package io.edgecv.spi;

import io.edgecv.BackendUnavailableException;
import io.edgecv.ModelFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends on the class path, found with {@link ServiceLoader}, and the choice among them.
 *
 * <p>Thread-safety: thread-safe. Providers are loaded once; each provider's availability is probed once and kept.
 */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static volatile List<BackendProvider> providers;
    private static final Map<String, Availability> AVAILABILITY = new ConcurrentHashMap<>();

    private Backends() {
    }

    /** @return every provider on the class path, highest priority first */
    public static List<BackendProvider> providers() {
        List<BackendProvider> p = providers;
        if (p == null) {
            synchronized (Backends.class) {
                p = providers;
                if (p == null) {
                    p = load(Backends.class.getClassLoader());
                    providers = p;
                }
            }
        }
        return p;
    }

    private static List<BackendProvider> load(ClassLoader loader) {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader<BackendProvider> sl = ServiceLoader.load(BackendProvider.class, loader);
        for (var it = sl.iterator(); ; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                BackendProvider provider = it.next();
                found.add(provider);
                LOG.debug("found backend {} ({})", provider.name(), provider.getClass().getName());
            } catch (ServiceConfigurationError e) {
                LOG.warn("skipping a backend that could not be loaded: {}", e.getMessage());
            }
        }
        found.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
                .thenComparing(BackendProvider::name));
        return List.copyOf(found);
    }

    /**
     * Availability of a provider, probed once and cached.
     *
     * @param provider a provider
     * @return whether it can run here and why not
     */
    public static Availability availability(BackendProvider provider) {
        return AVAILABILITY.computeIfAbsent(provider.getClass().getName() + "/" + provider.name(), k -> {
            try {
                return Objects.requireNonNull(provider.availability(), "availability()");
            } catch (RuntimeException | LinkageError e) {
                return Availability.unavailable("probe failed: " + e);
            }
        });
    }

    /**
     * Picks the backend for a model.
     *
     * @param format the model's format
     * @param name the backend asked for, or {@code null} for the best available one for {@code format}
     * @return the provider
     * @throws BackendUnavailableException if the named backend does not exist, cannot run here or does not open
     *                                     the format; or if no available backend opens it. The message lists
     *                                     every backend found with its state.
     */
    public static BackendProvider select(ModelFormat format, String name) throws BackendUnavailableException {
        Objects.requireNonNull(format, "format");
        List<BackendProvider> all = providers();
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (BackendProvider p : all) {
                if (p.name().equals(wanted)) {
                    Availability a = availability(p);
                    if (!a.isAvailable()) {
                        throw new BackendUnavailableException("backend '" + wanted + "' cannot run here: "
                                + a.reason());
                    }
                    if (!p.formats().contains(format)) {
                        throw new BackendUnavailableException("backend '" + wanted + "' opens " + p.formats()
                                + ", not " + format + " models; " + otherBackendHint(format));
                    }
                    return p;
                }
            }
            throw new BackendUnavailableException("no backend named '" + name + "'. " + describe(all));
        }
        List<BackendProvider> candidates = candidates(format);
        if (candidates.isEmpty()) {
            throw new BackendUnavailableException("no available backend opens " + format + " models; "
                    + hint(format) + " " + describe(all));
        }
        return candidates.get(0);
    }

    /** What to do when the backend asked for does not open the format: name the ones here that do, if any. */
    private static String otherBackendHint(ModelFormat format) {
        List<BackendProvider> open = candidates(format);
        if (open.isEmpty()) {
            return hint(format);
        }
        List<String> names = new ArrayList<>();
        open.forEach(p -> names.add(p.name()));
        return "ask for " + (names.size() == 1 ? "backend '" + names.get(0) + "'" : "one of the backends " + names)
                + ", which open" + (names.size() == 1 ? "s" : "") + " " + format + " models here, or leave the"
                + " backend out to use the best available one.";
    }

    /**
     * @param format a model format
     * @return the available providers that open it, best first (empty if none)
     */
    public static List<BackendProvider> candidates(ModelFormat format) {
        List<BackendProvider> out = new ArrayList<>();
        for (BackendProvider p : providers()) {
            if (p.formats().contains(format) && availability(p).isAvailable()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * @param format a model format
     * @return what to add to the class path (or check in the file) to open it
     */
    public static String hint(ModelFormat format) {
        return hintFor(format);
    }

    private static String hintFor(ModelFormat format) {
        switch (format) {
            case ONNX: return "add io.edgecv:edgecv-onnx to the class path.";
            case TFLITE: return "add io.edgecv:edgecv-tflite to the class path.";
            case NCNN: return "add io.edgecv:edgecv-ncnn and install libncnn.";
            case TENSORRT: return "add io.edgecv:edgecv-tensorrt on a machine with an NVIDIA GPU and TensorRT.";
            default: return "EdgeCV opens ONNX (.onnx), TFLite (.tflite), NCNN (.param + .bin) and TensorRT"
                    + " (.engine) models; check the file is one of them and not truncated.";
        }
    }

    /**
     * @param all providers
     * @return a sentence listing each provider, its formats and availability
     */
    public static String describe(List<BackendProvider> all) {
        if (all.isEmpty()) {
            return "No backend is on the class path: add io.edgecv:edgecv-onnx or io.edgecv:edgecv-tflite.";
        }
        StringBuilder sb = new StringBuilder("Backends found:");
        for (BackendProvider p : all) {
            sb.append(' ').append(p.name()).append(' ').append(p.formats()).append(" (")
                    .append(availability(p)).append(");");
        }
        return sb.toString();
    }
}
