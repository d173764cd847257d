package io.edgecv.spi;

import io.edgecv.BackendUnavailableException;
import io.edgecv.ModelFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model tools of one kind (pruners, quantizers) on the class path, found once with {@link ServiceLoader},
 * and the choice of an available one for a model format. Shared by {@code Pruners} and {@code Quantizers}.
 *
 * <p>Thread-safety: thread-safe; the list is loaded once, on first use.
 *
 * @param <T> the service interface
 */
public final class ToolLookup<T> {
    private final Class<T> type;
    private final String noun;
    private final Logger log;
    private final Function<T, String> name;
    private final Function<T, Set<ModelFormat>> formats;
    private final Function<T, Availability> availability;
    private volatile List<T> all;

    /**
     * @param type         the service interface to load
     * @param noun         what one tool is called in messages, e.g. {@code "pruner"}
     * @param owner        the class whose logger reports tools that could not be loaded
     * @param name         a tool's name
     * @param formats      the model formats a tool reads
     * @param availability whether a tool can run here
     */
    public ToolLookup(Class<T> type, String noun, Class<?> owner, Function<T, String> name,
            Function<T, Set<ModelFormat>> formats, Function<T, Availability> availability) {
        this.type = Objects.requireNonNull(type, "type");
        this.noun = Objects.requireNonNull(noun, "noun");
        this.log = LoggerFactory.getLogger(Objects.requireNonNull(owner, "owner"));
        this.name = Objects.requireNonNull(name, "name");
        this.formats = Objects.requireNonNull(formats, "formats");
        this.availability = Objects.requireNonNull(availability, "availability");
    }

    /** @return every tool of this kind on the class path */
    public List<T> all() {
        List<T> q = all;
        if (q == null) {
            synchronized (this) {
                q = all;
                if (q == null) {
                    q = load();
                    all = q;
                }
            }
        }
        return q;
    }

    private List<T> load() {
        List<T> found = new ArrayList<>();
        ServiceLoader<T> sl = ServiceLoader.load(type, type.getClassLoader());
        for (var it = sl.iterator(); ; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                log.warn("skipping a {} that could not be loaded: {}", noun, e.getMessage());
            }
        }
        return List.copyOf(found);
    }

    /**
     * @param format a model format
     * @param hint   what to do when no tool for the format is on the class path, appended after {@code "; "}
     * @return an available tool for the format
     * @throws BackendUnavailableException if none is on the class path or the one found cannot run
     */
    public T forFormat(ModelFormat format, String hint) throws BackendUnavailableException {
        StringBuilder why = new StringBuilder();
        for (T q : all()) {
            if (formats.apply(q).contains(format)) {
                Availability a = availability.apply(q);
                if (a.isAvailable()) {
                    return q;
                }
                why.append(' ').append(name.apply(q)).append(": ").append(a.reason()).append('.');
            }
        }
        if (why.length() > 0) {
            throw new BackendUnavailableException("no " + noun + " for " + format + " models can run here:" + why);
        }
        throw new BackendUnavailableException("no " + noun + " for " + format + " models on the class path; "
                + hint);
    }
}
