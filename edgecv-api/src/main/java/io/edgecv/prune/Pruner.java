package io.edgecv.prune;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import java.nio.file.Path;
import java.util.Set;

/**
 * Pruning of a float32 model file into a smaller, faster one: structured channel pruning along dependency groups
 * with training-free recovery, or weight sparsity. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.edgecv.prune.Pruner}); get one with {@link Pruners#forModel(Path)}.
 *
 * <pre>{@code
 * Pruner p = Pruners.forModel(Path.of("ssd.onnx"));
 * PruningReport report = p.prune(Path.of("ssd.onnx"), Path.of("ssd-pruned.onnx"),
 *         PruningConfig.builder().optRatio(0.3).optCalibrationImages(frames).optEvaluationImages(photos).build());
 * }</pre>
 *
 * <p>Contract: the public no-argument constructor is cheap; {@link #availability()} says what to add to the class
 * path when the pruner cannot run. Channels it cannot follow are left whole and named, with the reason, in the
 * {@link PruningReport}; a model that cannot be pruned at all is refused with an
 * {@link io.edgecv.InvalidModelException} naming the node; no invalid model is ever written.
 *
 * <p>Thread-safety: implementations must be thread-safe; each call works on its own copy of the model.
 */
public interface Pruner {
    /** @return short name, for example {@code "onnx"} */
    String name();

    /** @return the model formats it prunes */
    Set<ModelFormat> formats();

    /** @return whether it can run here; the reason says what to add to the class path if not */
    Availability availability();

    /**
     * Prunes a model and writes the result.
     *
     * @param model the float32 model file
     * @param output where to write the pruned model (replaced if it exists)
     * @param config what to do
     * @param listener told of progress
     * @return what was done
     * @throws io.edgecv.InvalidModelException if the model cannot be read or pruned; the message names the node
     * @throws io.edgecv.BackendUnavailableException if the runtime needed for calibration is missing
     * @throws IllegalArgumentException if the configuration does not fit the model (for example activation
     *                                  importance without calibration images)
     * @throws EdgeCvException for other failures, such as an unwritable output file
     */
    PruningReport prune(Path model, Path output, PruningConfig config, PruningListener listener)
            throws EdgeCvException;

    /**
     * Prunes a model with no progress reports.
     *
     * @param model the float32 model file
     * @param output where to write the pruned model
     * @param config what to do
     * @return what was done
     * @throws EdgeCvException as {@link #prune(Path, Path, PruningConfig, PruningListener)}
     */
    default PruningReport prune(Path model, Path output, PruningConfig config) throws EdgeCvException {
        return prune(model, output, config, PruningListener.NONE);
    }
}
