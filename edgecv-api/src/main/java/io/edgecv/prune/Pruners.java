package io.edgecv.prune;

import io.edgecv.BackendUnavailableException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import io.edgecv.spi.ModelSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Pruner}s on the class path, found with {@link ServiceLoader}.
 *
 * <p>Thread-safety: thread-safe; the list is loaded once.
 */
public final class Pruners {
    private static final Logger LOG = LoggerFactory.getLogger(Pruners.class);
    private static volatile List<Pruner> all;

    private Pruners() {
    }

    /** @return every pruner on the class path */
    public static List<Pruner> all() {
        List<Pruner> q = all;
        if (q == null) {
            synchronized (Pruners.class) {
                q = all;
                if (q == null) {
                    q = load();
                    all = q;
                }
            }
        }
        return q;
    }

    private static List<Pruner> load() {
        List<Pruner> found = new ArrayList<>();
        ServiceLoader<Pruner> sl = ServiceLoader.load(Pruner.class, Pruners.class.getClassLoader());
        for (var it = sl.iterator(); ; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("skipping a pruner that could not be loaded: {}", e.getMessage());
            }
        }
        return List.copyOf(found);
    }

    /**
     * @param format a model format
     * @return an available pruner for it
     * @throws BackendUnavailableException if none is on the class path or the one found cannot run; the message
     *                                     says what to add
     */
    public static Pruner forFormat(ModelFormat format) throws BackendUnavailableException {
        StringBuilder why = new StringBuilder();
        for (Pruner q : all()) {
            if (q.formats().contains(format)) {
                Availability a = q.availability();
                if (a.isAvailable()) {
                    return q;
                }
                why.append(' ').append(q.name()).append(": ").append(a.reason()).append('.');
            }
        }
        if (why.length() > 0) {
            throw new BackendUnavailableException("no pruner for " + format + " models can run here:" + why);
        }
        throw new BackendUnavailableException("no pruner for " + format + " models on the class path"
                + (format == ModelFormat.ONNX ? "; add io.edgecv:edgecv-onnx, org.tribuo:tribuo-util-onnx"
                + " and org.ejml:ejml-simple"
                : "; EdgeCV prunes ONNX models (convert the model to ONNX first)"));
    }

    /**
     * @param model a model file; its format is read from its first bytes
     * @return an available pruner for it
     * @throws InvalidModelException if the file is missing or unreadable
     * @throws BackendUnavailableException as {@link #forFormat(ModelFormat)}
     */
    public static Pruner forModel(Path model) throws InvalidModelException, BackendUnavailableException {
        return forFormat(ModelSource.of(model).format());
    }
}
