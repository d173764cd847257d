package io.edgecv.ncnn;

import io.edgecv.BackendUnavailableException;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.util.Set;

/**
 * Tencent NCNN as an EdgeCV backend, named {@code ncnn}: opens an NCNN text {@code .param} with its {@code .bin}
 * beside it (Ultralytics' {@code model.ncnn.param} + {@code model.ncnn.bin} + {@code metadata.yaml} included) through
 * libncnn's C API, bound with JNA. libncnn is not shipped: it is loaded from {@code -Dedgecv.ncnn.library} (or
 * {@code EDGECV_NCNN_LIBRARY}), a library file or its folder, else from the system library path. Without it the
 * backend is unavailable and its reason says how to get it.
 *
 * <p>Both files are validated before libncnn sees them ({@code ParamParser}, {@code LayerRules},
 * {@code WeightCheck}): a malformed or mismatched pair is an {@link InvalidModelException}, not a crash.
 *
 * <p>Properties ({@link io.edgecv.DetectorBuilder#optBackendProperty}); threads come from
 * {@link io.edgecv.DetectorBuilder#optThreads} (0: NCNN's default, the big cores):
 * <ul>
 *   <li>{@code ncnn.vulkan}: run on a Vulkan GPU (default false); needs a libncnn built with
 *       {@code -DNCNN_VULKAN=ON} and a GPU, else {@link BackendUnavailableException}.</li>
 *   <li>{@code ncnn.fp16_storage}, {@code ncnn.fp16_arithmetic} (default true, as NCNN),
 *       {@code ncnn.bf16_storage} (default false): reduced-precision storage and arithmetic where the CPU has
 *       it.</li>
 *   <li>{@code ncnn.light_mode} (default true): free intermediate blobs during a run.</li>
 *   <li>{@code ncnn.packing} (default true): NCNN's packed SIMD layout.</li>
 *   <li>{@code ncnn.inputs}, {@code ncnn.outputs}: blob names, comma-separated (default: the {@code Input} layers'
 *       blobs; the blobs produced and never consumed).</li>
 *   <li>{@code ncnn.input_shape}: the first input's shape, such as {@code 1,3,640,640}, for models whose param
 *       file does not state it.</li>
 *   <li>{@code ncnn.mean}, {@code ncnn.norm}: per-channel values NCNN applies to the first input after the copy,
 *       {@code (x - mean) * norm} (NCNN's {@code substract_mean_normalize}); leave unset when the preprocessing
 *       normalises already.</li>
 *   <li>{@code ncnn.weights}: the {@code .bin} file, when it is not beside the param file or the param file was
 *       given as bytes.</li>
 *   <li>{@code ncnn.shape_check} (default true): follow input sizes through the graph before running at them and
 *       refuse sizes a layer cannot take ({@code ShapeCheck}). Turn off only for a model the check wrongly refuses:
 *       without it, a size the model cannot take reaches NCNN's unchecked kernels.</li>
 * </ul>
 *
 * <p>Thread-safety: thread-safe.
 */
public final class NcnnBackendProvider implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "ncnn";

    /** Cheap: touches no native code. */
    public NcnnBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ModelFormat> formats() {
        return Set.of(ModelFormat.NCNN);
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        NcnnRuntime rt = NcnnRuntime.get();
        return rt.isLoaded() ? Availability.available() : Availability.unavailable(rt.failure());
    }

    @Override
    public BackendSession open(ModelSource model, BackendOptions options) throws EdgeCvException {
        if (model.format() != ModelFormat.NCNN) {
            throw new InvalidModelException(model.name() + " is not an NCNN text .param file (its first bytes say "
                    + model.format() + "); the ncnn backend opens .param files starting with 7767517, with the"
                    + " .bin beside them");
        }
        NcnnRuntime rt = NcnnRuntime.get();
        if (!rt.isLoaded()) {
            throw new BackendUnavailableException(rt.failure());
        }
        return NcnnSession.open(rt, model, options);
    }
}
