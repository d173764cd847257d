package io.edgecv.quantize;

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
 * The {@link Quantizer}s on the class path, found with {@link ServiceLoader}.
 *
 * <p>Thread-safety: thread-safe; the list is loaded once.
 */
public final class Quantizers {
    private static final Logger LOG = LoggerFactory.getLogger(Quantizers.class);
    private static volatile List<Quantizer> all;

    private Quantizers() {
    }

    /** @return every quantizer on the class path */
    public static List<Quantizer> all() {
        List<Quantizer> q = all;
        if (q == null) {
            synchronized (Quantizers.class) {
                q = all;
                if (q == null) {
                    q = load();
                    all = q;
                }
            }
        }
        return q;
    }

    private static List<Quantizer> load() {
        List<Quantizer> found = new ArrayList<>();
        ServiceLoader<Quantizer> sl = ServiceLoader.load(Quantizer.class, Quantizers.class.getClassLoader());
        for (var it = sl.iterator(); ; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.warn("skipping a quantizer that could not be loaded: {}", e.getMessage());
            }
        }
        return List.copyOf(found);
    }

    /**
     * @param format a model format
     * @return an available quantizer for it
     * @throws BackendUnavailableException if none is on the class path or the one found cannot run; the message
     *                                     says what to add
     */
    public static Quantizer forFormat(ModelFormat format) throws BackendUnavailableException {
        StringBuilder why = new StringBuilder();
        for (Quantizer q : all()) {
            if (q.formats().contains(format)) {
                Availability a = q.availability();
                if (a.isAvailable()) {
                    return q;
                }
                why.append(' ').append(q.name()).append(": ").append(a.reason()).append('.');
            }
        }
        if (why.length() > 0) {
            throw new BackendUnavailableException("no quantizer for " + format + " models can run here:" + why);
        }
        throw new BackendUnavailableException("no quantizer for " + format + " models on the class path"
                + (format == ModelFormat.ONNX ? "; add io.edgecv:edgecv-onnx and org.tribuo:tribuo-util-onnx"
                : "; EdgeCV quantizes ONNX models (convert the model to ONNX first)"));
    }

    /**
     * @param model a model file; its format is read from its first bytes
     * @return an available quantizer for it
     * @throws InvalidModelException if the file is missing or unreadable
     * @throws BackendUnavailableException as {@link #forFormat(ModelFormat)}
     */
    public static Quantizer forModel(Path model) throws InvalidModelException, BackendUnavailableException {
        return forFormat(ModelSource.of(model).format());
    }
}
