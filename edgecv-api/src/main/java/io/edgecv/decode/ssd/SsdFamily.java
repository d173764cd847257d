package io.edgecv.decode.ssd;

import io.edgecv.InvalidModelException;
import io.edgecv.decode.Activation;
import io.edgecv.decode.Anchors;
import io.edgecv.decode.Decoder;
import io.edgecv.model.InputDefaults;
import io.edgecv.model.LabelFiles;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamily;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.Props;
import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.spi.TensorSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SSD models of the TF Object Detection API with raw outputs (before its post-processing op): box encodings
 * {@code [1, N, 4]} and class predictions {@code [1, N, C]}, N matching the anchor generator (1917 for
 * SSD-MobileNetV2 at 300x300). Preprocessing: stretch, RGB, {@code value / 127.5 - 1}.
 *
 * <p>Description-file keys: {@code ssd.feature_maps} (19,10,5,3,2,1), {@code ssd.min_scale} (0.2),
 * {@code ssd.max_scale} (0.95), {@code ssd.aspect_ratios} (1,2,0.5,3,1/3), {@code ssd.reduce_lowest_layer} (true),
 * {@code ssd.box_scales} (10,10,5,5), {@code ssd.first_class} (1), {@code ssd.activation} (sigmoid|none).
 *
 * <p>Thread-safety: stateless.
 */
public final class SsdFamily implements ModelFamily {
    /** Family name in description files. */
    public static final String NAME = "ssd";

    /** Description-file keys of this family. */
    public static final Set<String> KEYS = Set.of("ssd.activation", "ssd.first_class", "ssd.box_scales",
            "ssd.feature_maps", "ssd.min_scale", "ssd.max_scale", "ssd.aspect_ratios", "ssd.reduce_lowest_layer");

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
        int[] io = findOutputs(sig);
        if (io == null || sig.inputs().size() != 1) {
            return Optional.empty();
        }
        Preprocessing.Builder pre;
        try {
            pre = InputDefaults.from(sig, 0);
        } catch (InvalidModelException e) {
            return Optional.empty();
        }
        Preprocessing p = pre.optResize(ResizeMode.STRETCH).optNormalize(127.5f, 127.5f).build();
        int n = (int) sig.outputs().get(io[0]).dim(1);
        if (p.width() != p.height() || anchors(Map.of()).size() != n) {
            return Optional.empty();
        }
        return Optional.of(ModelDescription.builder(NAME, p)
                .optLabels(LabelFiles.find(sig, "object_detection_oidv4_labelmap.txt"))
                .optNms(NmsKind.HARD_CLASS_AWARE)
                .optIouThreshold(0.45f)
                .optConfidence(0.5f)
                .build());
    }

    @Override
    public ModelDescription defaults(ModelSignature sig) throws InvalidModelException {
        Optional<ModelDescription> known = recognize(sig);
        if (known.isPresent()) {
            return known.get();
        }
        Preprocessing p = InputDefaults.from(sig, 0).optResize(ResizeMode.STRETCH).optNormalize(127.5f, 127.5f)
                .build();
        return ModelDescription.builder(NAME, p).optLabels(LabelFiles.find(sig)).optConfidence(0.5f).build();
    }

    @Override
    public Decoder createDecoder(ModelDescription d, ModelSignature sig) throws InvalidModelException {
        int[] io = findOutputs(sig);
        if (io == null) {
            throw new InvalidModelException("SSD decoder needs outputs [1, N, 4] (box encodings) and [1, N, C]"
                    + " (class scores); " + sig.source().name() + " has " + sig.outputs());
        }
        Map<String, String> p = d.properties();
        Anchors anchors = anchors(p);
        TensorSpec scores = sig.outputs().get(io[1]);
        int n = (int) scores.dim(1);
        if (anchors.size() != n) {
            throw new InvalidModelException("SSD anchor settings give " + anchors.size() + " anchors but the model"
                    + " has " + n + " boxes; set ssd.feature_maps / ssd.aspect_ratios in the description file");
        }
        String act = p.getOrDefault("ssd.activation", "sigmoid").trim().toUpperCase(Locale.ROOT);
        Activation activation;
        try {
            activation = Activation.valueOf(act);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("ssd.activation=" + act + " is not one of sigmoid, none");
        }
        return new SsdDecoder(anchors, io[0], io[1], (int) scores.dim(2), Props.getInt(p, "ssd.first_class", 1),
                d.preprocessing().width(), d.preprocessing().height(),
                Props.getFloats(p, "ssd.box_scales", new float[] {10f, 10f, 5f, 5f}), activation);
    }

    private static Anchors anchors(Map<String, String> p) throws InvalidModelException {
        SsdAnchorGenerator def = SsdAnchorGenerator.mobileNetV2();
        if (p.keySet().stream().noneMatch(k -> k.startsWith("ssd.") && !k.equals("ssd.box_scales")
                && !k.equals("ssd.first_class") && !k.equals("ssd.activation"))) {
            return def.generate();
        }
        return new SsdAnchorGenerator(
                Props.getInts(p, "ssd.feature_maps", new int[] {19, 10, 5, 3, 2, 1}),
                Props.getFloat(p, "ssd.min_scale", 0.2f),
                Props.getFloat(p, "ssd.max_scale", 0.95f),
                Props.getFloats(p, "ssd.aspect_ratios", new float[] {1f, 2f, 0.5f, 3f, 1f / 3f}),
                Boolean.parseBoolean(p.getOrDefault("ssd.reduce_lowest_layer", "true").trim())).generate();
    }

    /** @return {boxes index, scores index} of two rank-3 outputs with the same N, or null */
    private static int[] findOutputs(ModelSignature sig) {
        if (sig.outputs().size() != 2) {
            return null;
        }
        TensorSpec a = sig.outputs().get(0);
        TensorSpec b = sig.outputs().get(1);
        if (a.rank() != 3 || b.rank() != 3 || a.dim(1) <= 0 || a.dim(1) != b.dim(1)) {
            return null;
        }
        if (a.dim(2) == 4 && b.dim(2) >= 2) {
            return new int[] {0, 1};
        }
        if (b.dim(2) == 4 && a.dim(2) >= 2) {
            return new int[] {1, 0};
        }
        return null;
    }
}
