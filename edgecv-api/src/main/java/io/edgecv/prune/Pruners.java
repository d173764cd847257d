package io.edgecv.prune;

import io.edgecv.BackendUnavailableException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.ToolLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link Pruner}s on the class path, found with {@link ServiceLoader}.
 *
 * <p>Thread-safety: thread-safe; the list is loaded once.
 */
public final class Pruners {
    private static final ToolLookup<Pruner> LOOKUP = new ToolLookup<>(Pruner.class, "pruner", Pruners.class,
            Pruner::name, Pruner::formats, Pruner::availability);

    private Pruners() {
    }

    /** @return every pruner on the class path */
    public static List<Pruner> all() {
        return LOOKUP.all();
    }

    /**
     * @param format a model format
     * @return an available pruner for it
     * @throws BackendUnavailableException if none is on the class path or the one found cannot run; the message
     *                                     says what to add
     */
    public static Pruner forFormat(ModelFormat format) throws BackendUnavailableException {
        return LOOKUP.forFormat(format, format == ModelFormat.ONNX
                ? "add io.edgecv:edgecv-onnx, org.tribuo:tribuo-util-onnx"
                        + " and org.ejml:ejml-simple"
                : "EdgeCV prunes ONNX models (convert the model to ONNX first)");
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
