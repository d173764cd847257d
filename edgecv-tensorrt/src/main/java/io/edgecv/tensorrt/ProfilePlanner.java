package io.edgecv.tensorrt;

import io.edgecv.InvalidModelException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which minimum, optimum and maximum shapes each dynamic input of a network gets in its one optimisation profile:
 * the shapes given in the options ({@code tensorrt.shapes} or {@code tensorrt.min_shapes}/{@code opt_shapes}/
 * {@code max_shapes}); else batch 1 when only the batch is dynamic; else the image size of the model's metadata
 * ({@code imgsz}, written by Ultralytics' exporter) at batch 1. Static inputs need none (TensorRT makes a default
 * profile). Works on plain {@link Input}s, the boundary {@link EngineBuilder} reads from TensorRT's network, so
 * that it is tested without TensorRT.
 *
 * <p>Thread-safety: stateless.
 */
final class ProfilePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ProfilePlanner.class);
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /**
     * One network input as TensorRT reports it.
     *
     * @param name the input's name
     * @param dims its dimensions, -1 where dynamic
     * @param shapeTensor whether TensorRT calls it a shape tensor
     */
    record Input(String name, long[] dims, boolean shapeTensor) {
    }

    private ProfilePlanner() {
    }

    /**
     * @param inputs the network's inputs
     * @param shapes the shapes given in the options
     * @param metadata the ONNX model's metadata
     * @param modelName the model's name for messages
     * @return per input that needs one, {min, opt, max}, in input order; empty when every input is static
     * @throws InvalidModelException if an input is a shape tensor, or has dynamic image dimensions that neither
     *                               the options nor the metadata size
     * @throws IllegalArgumentException if a given shape does not fit its input, or names an input the model does
     *                                  not have
     */
    static Map<String, long[][]> plan(List<Input> inputs, ShapeProfile shapes, Map<String, String> metadata,
                                      String modelName) throws InvalidModelException {
        Set<String> unused = new TreeSet<>(shapes.inputs());
        List<String> names = new ArrayList<>();
        Map<String, long[][]> out = new LinkedHashMap<>();
        for (Input input : inputs) {
            String name = input.name();
            long[] dims = input.dims();
            names.add(name);
            unused.remove(name);
            if (input.shapeTensor()) {
                throw new InvalidModelException("input '" + name + "' of " + modelName + " is a shape tensor;"
                        + " EdgeCV feeds image tensors only");
            }
            long[][] given = shapes.get(name);
            boolean dynamic = !Shapes.isStatic(dims);
            if (given != null) {
                for (long[] s : given) {
                    Shapes.checkFits(name, dims, s);
                }
                if (dynamic) {
                    out.put(name, given);
                }
                continue;
            }
            if (!dynamic) {
                continue;
            }
            long[] fixed = Shapes.onlyBatchDynamic(dims) ? batchOne(dims) : fromImageSize(dims, metadata.get("imgsz"));
            if (fixed == null) {
                throw new InvalidModelException("input '" + name + "' of " + modelName + " has dynamic dimensions "
                        + Shapes.shown(dims) + " and the model's metadata has no imgsz to size them: set "
                        + TensorRtOptions.SHAPES + "=" + name + ":" + Shapes.example(dims) + " for one fixed shape,"
                        + " or " + TensorRtOptions.MIN_SHAPES + ", " + TensorRtOptions.OPT_SHAPES + " and "
                        + TensorRtOptions.MAX_SHAPES + " for a range");
            }
            LOG.info("{}: input '{}' {} is dynamic; building for {} ({})", modelName, name, Shapes.shown(dims),
                    ShapeProfile.format(fixed), Shapes.onlyBatchDynamic(dims) ? "batch 1"
                            : "batch 1 at the metadata's imgsz " + metadata.get("imgsz"));
            out.put(name, new long[][] {fixed, fixed, fixed});
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("the tensorrt shapes name input(s) " + unused + " that " + modelName
                    + " does not have; its inputs are " + names);
        }
        return out;
    }

    private static long[] batchOne(long[] dims) {
        long[] s = dims.clone();
        s[0] = 1;
        return s;
    }

    /**
     * @param imgsz {@code [h, w]} or {@code h} (Ultralytics writes {@code [640, 640]}), or null
     * @return the shape at batch 1 with the image size in the spatial dimensions of an NCHW or NHWC input whose
     *         channel dimension is static, or null if that does not size every dynamic dimension
     */
    static long[] fromImageSize(long[] dims, String imgsz) {
        if (imgsz == null || dims.length != 4) {
            return null;
        }
        List<Long> v = new ArrayList<>();
        Matcher m = NUMBER.matcher(imgsz);
        while (m.find() && v.size() < 3) {
            v.add(Long.parseLong(m.group()));
        }
        if (v.isEmpty() || v.size() > 2 || v.contains(0L)) {
            return null;
        }
        long h = v.get(0);
        long w = v.size() == 2 ? v.get(1) : h;
        long[] s = dims.clone();
        if (s[0] < 0) {
            s[0] = 1;
        }
        int hi;
        if (channels(dims[1])) {
            hi = 2; // NCHW
        } else if (channels(dims[3])) {
            hi = 1; // NHWC
        } else {
            return null;
        }
        if (s[hi] < 0) {
            s[hi] = h;
        }
        if (s[hi + 1] < 0) {
            s[hi + 1] = w;
        }
        return Shapes.isStatic(s) ? s : null;
    }

    private static boolean channels(long d) {
        return d == 1 || d == 3 || d == 4;
    }
}
