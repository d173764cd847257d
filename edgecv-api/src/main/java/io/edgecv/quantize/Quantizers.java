package io.edgecv.quantize;

import io.edgecv.BackendUnavailableException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.ToolLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link Quantizer}s on the class path, found with {@link ServiceLoader}.
 *
 * <p>Thread-safety: thread-safe; the list is loaded once.
 */
public final class Quantizers {
    private static final ToolLookup<Quantizer> LOOKUP = new ToolLookup<>(Quantizer.class, "quantizer", Quantizers.class,
            Quantizer::name, Quantizer::formats, Quantizer::availability);

    private Quantizers() {
    }

    /** @return every quantizer on the class path */
    public static List<Quantizer> all() {
        return LOOKUP.all();
    }

    /**
     * @param format a model format
     * @return an available quantizer for it
     * @throws BackendUnavailableException if none is on the class path or the one found cannot run; the message
     *                                     says what to add
     */
    public static Quantizer forFormat(ModelFormat format) throws BackendUnavailableException {
        return LOOKUP.forFormat(format, format == ModelFormat.ONNX
                ? "add io.edgecv:edgecv-onnx and org.tribuo:tribuo-util-onnx"
                : "EdgeCV quantizes ONNX models (convert the model to ONNX first)");
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
