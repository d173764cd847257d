package io.edgecv.decode.blazeface;

import io.edgecv.InvalidModelException;
import io.edgecv.decode.Anchors;
import io.edgecv.decode.Decoder;
import io.edgecv.model.InputDefaults;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamily;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.Props;
import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.spi.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MediaPipe BlazeFace face detectors: regressors {@code [1, n, 16]} (box and 6 keypoints) with scores
 * {@code [1, n, 1]}, either as one pair (MediaPipe's TFLite models: short range 128 with 896 anchors, full range
 * 192 with 2304) or split by grid into two pairs (the Barracuda ONNX exports, front 128 and back 256: 512 + 384).
 * Preprocessing: letterbox, RGB, {@code value / 127.5 - 1}. Overlaps merged by weighted NMS at IoU 0.3.
 *
 * <p>Description-file keys: {@code blazeface.strides} (8,16,16,16) and {@code blazeface.anchors_per_layer} (2).
 *
 * <p>Thread-safety: stateless.
 */
public final class BlazeFaceFamily implements ModelFamily {
    private static final Logger LOG = LoggerFactory.getLogger(BlazeFaceFamily.class);
    /** Family name in description files. */
    public static final String NAME = "blazeface";

    /** Description-file keys of this family. */
    public static final Set<String> KEYS = Set.of("blazeface.strides", "blazeface.anchors_per_layer");

    @Override
    public Set<String> propertyKeys() {
        return KEYS;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<ModelDescription> recognize(ModelSignature sig) throws InvalidModelException {
        List<int[]> parts = findParts(sig);
        if (parts == null || sig.inputs().size() != 1) {
            return Optional.empty();
        }
        Preprocessing p;
        try {
            p = InputDefaults.from(sig, 0).optResize(ResizeMode.LETTERBOX).optNormalize(127.5f, 127.5f).build();
        } catch (InvalidModelException e) {
            return Optional.empty();
        }
        int n = total(sig, parts);
        int[][] layout = p.width() != p.height() ? null : layoutFor(p.width(), n);
        if (layout == null) {
            return Optional.empty();
        }
        // nothing but the tensor shapes says this is a face detector: say what was assumed and how to change it
        boolean canonical = (p.width() == 128 || p.width() == 256) && n == 896 || p.width() == 192 && n == 2304;
        String msg = "{}: recognised as a BlazeFace face detector from its output shapes alone ({} anchors at {}x{}:"
                + " strides {}, {} anchors per cell; label 'face', input scaled to -1..1, letterboxed). If it is"
                + " another model with this layout (a MediaPipe palm detector has 2016 anchors at 192x192), write"
                + " {}.edgecv.properties beside it (family, labels.inline, blazeface.strides, ...;"
                + " see docs/DESCRIPTIONS.md)";
        Object[] args = {sig.source().name(), n, p.width(), p.height(), Arrays.toString(layout[0]), layout[1][0],
            sig.source().baseName()};
        if (canonical) {
            LOG.info(msg, args);
        } else {
            LOG.warn(msg, args);
        }
        return Optional.of(ModelDescription.builder(NAME, p)
                .optLabels(List.of("face"))
                .optNms(NmsKind.WEIGHTED)
                .optIouThreshold(0.3f)
                .optConfidence(0.5f)
                .build());
    }

    @Override
    public Decoder createDecoder(ModelDescription d, ModelSignature sig) throws InvalidModelException {
        List<int[]> parts = findParts(sig);
        if (parts == null) {
            throw new InvalidModelException("BlazeFace decoder needs regressor outputs [1, n, 4 + 2k] each with a"
                    + " score output [1, n, 1]; " + sig.source().name() + " has " + sig.outputs());
        }
        int size = d.preprocessing().width();
        int n = total(sig, parts);
        int[] strides;
        int perLayer;
        if (d.properties().containsKey("blazeface.strides")) {
            strides = Props.getInts(d.properties(), "blazeface.strides", null);
            perLayer = Props.getInt(d.properties(), "blazeface.anchors_per_layer", 2);
        } else {
            int[][] layout = layoutFor(size, n);
            if (layout == null) {
                throw new InvalidModelException("no known BlazeFace anchor layout gives " + n + " anchors at " + size
                        + "x" + size + "; set blazeface.strides and blazeface.anchors_per_layer");
            }
            strides = layout[0];
            perLayer = layout[1][0];
        }
        Anchors anchors = new BlazeFaceAnchorGenerator(size, strides, perLayer).generate();
        if (anchors.size() != n) {
            throw new InvalidModelException("BlazeFace anchors give " + anchors.size() + " anchors, the model has "
                    + n + " rows");
        }
        int[] reg = new int[parts.size()];
        int[] cls = new int[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            reg[i] = parts.get(i)[0];
            cls[i] = parts.get(i)[1];
        }
        int row = (int) sig.outputs().get(reg[0]).dim(2);
        return new BlazeFaceDecoder(anchors, reg, cls, row, size, d.preprocessing().height());
    }

    /** Known layouts: {strides, {anchors per layer}} for an input size and anchor count. */
    private static int[][] layoutFor(int size, int n) {
        int[][][] candidates = {
            {{size / 16, size / 8, size / 8, size / 8}, {2}}, // 128: 8, 16, 16, 16; 256: 16, 32, 32, 32
            {{8, 16, 16, 16}, {2}},
            {{4}, {1}},                                       // full range 192
        };
        for (int[][] c : candidates) {
            try {
                if (new BlazeFaceAnchorGenerator(size, c[0], c[1][0]).generate().size() == n) {
                    return c;
                }
            } catch (IllegalArgumentException ignored) {
                // stride does not divide this size
            }
        }
        return null;
    }

    private static int total(ModelSignature sig, List<int[]> parts) {
        int n = 0;
        for (int[] p : parts) {
            n += (int) sig.outputs().get(p[1]).dim(1);
        }
        return n;
    }

    /** Pairs each regressor output with the score output of the same n, largest n (finest grid) first. */
    private static List<int[]> findParts(ModelSignature sig) {
        List<TensorSpec> outs = sig.outputs();
        if (outs.size() != 2 && outs.size() != 4) {
            return null;
        }
        List<int[]> parts = new ArrayList<>();
        for (int r = 0; r < outs.size(); r++) {
            TensorSpec reg = outs.get(r);
            if (reg.rank() != 3 || reg.dim(2) < 4 || reg.dim(2) % 2 != 0 || reg.dim(1) <= 0) {
                continue;
            }
            for (int c = 0; c < outs.size(); c++) {
                TensorSpec cls = outs.get(c);
                if (c != r && cls.rank() == 3 && cls.dim(2) == 1 && cls.dim(1) == reg.dim(1)) {
                    parts.add(new int[] {r, c, (int) reg.dim(1)});
                    break;
                }
            }
        }
        if (parts.size() * 2 != outs.size()) {
            return null;
        }
        parts.sort(Comparator.comparingInt((int[] p) -> p[2]).reversed());
        return parts;
    }
}
