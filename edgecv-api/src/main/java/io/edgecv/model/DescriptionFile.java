package io.edgecv.model;

import io.edgecv.InvalidModelException;
import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.ChannelOrder;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A model description written by hand: a {@code .properties} file named {@code <model>.edgecv.properties}
 * beside the model ({@code yolo11n.edgecv.properties} for {@code yolo11n.onnx}). Keys, all optional but
 * {@code family}:
 * <pre>
 * family = ssd                  # ssd, blazeface, yolov5, yolov8, yolo-end2end, ...
 * input.width = 300             # default: from the input tensor
 * input.height = 300
 * input.resize = stretch        # stretch | letterbox
 * input.pad = 114               # letterbox padding, pixel value 0..255
 * input.channels = RGB          # RGB | BGR
 * input.mean = 127.5            # one value, or three in tensor channel order, on the 0..255 scale
 * input.std = 127.5
 * labels = labels.txt           # a label file beside the model, one name per line
 * labels.inline = cat, dog      # or the names themselves
 * nms = hard                    # hard | agnostic | weighted | none
 * nms.iou = 0.45
 * confidence = 0.5
 * ssd.feature_maps = 19,10,5,3,2,1   # family-specific keys: see docs/DESCRIPTIONS.md
 * </pre>
 * A key that is neither general nor one of the family's ({@link ModelFamily#propertyKeys}) is an error listing
 * the known keys.
 *
 * <p>Thread-safety: stateless.
 */
public final class DescriptionFile {
    /** Suffix after the model's base name. */
    public static final String SUFFIX = ".edgecv.properties";
    /** Keys every family's description file may set; each family adds its own ({@link ModelFamily#propertyKeys}). */
    public static final Set<String> GENERAL_KEYS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of("family",
            "input.width", "input.height", "input.resize", "input.pad", "input.channels", "input.mean",
            "input.std", "labels", "labels.inline", "nms", "nms.iou", "confidence")));

    private DescriptionFile() {
    }

    /**
     * @param source a model
     * @return its description file, if one is beside it
     */
    public static Optional<Path> findFor(ModelSource source) {
        return source.sibling(source.baseName() + SUFFIX);
    }

    /**
     * Reads a description file, starting from its family's defaults for the model.
     *
     * @param file the description file
     * @param sig the opened model
     * @return the description
     * @throws InvalidModelException if the file cannot be read or a value is invalid
     */
    public static ModelDescription read(Path file, ModelSignature sig) throws InvalidModelException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidModelException("cannot read model description " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> p = new LinkedHashMap<>();
        for (String k : props.stringPropertyNames()) {
            p.put(k.trim(), props.getProperty(k).trim());
        }
        String family = p.get("family");
        if (family == null) {
            throw new InvalidModelException(file + " has no 'family' key; add family=ssd (or blazeface, yolov8, ...)");
        }
        ModelDescription base = ModelFamilies.byName(family).defaults(sig);
        try {
            return apply(base, p, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies description-file settings to a description.
     *
     * @param base the description to start from
     * @param p the settings
     * @param dir folder that label file names are relative to, or null
     * @return the new description
     * @throws InvalidModelException if a value is invalid
     */
    public static ModelDescription apply(ModelDescription base, Map<String, String> p, Path dir)
            throws InvalidModelException {
        Set<String> own = ModelFamilies.byName(base.family()).propertyKeys();
        Set<String> unknown = new TreeSet<>();
        for (String k : p.keySet()) {
            if (!GENERAL_KEYS.contains(k) && !own.contains(k) && !own.isEmpty()) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidModelException("unknown key(s) " + unknown + " for family " + base.family()
                    + "; the known keys are " + GENERAL_KEYS + " and, for " + base.family() + ", " + new TreeSet<>(own)
                    + " (every key is described in docs/DESCRIPTIONS.md)");
        }
        Preprocessing.Builder pre = base.preprocessing().toBuilder();
        if (p.containsKey("input.width") || p.containsKey("input.height")) {
            pre.setSize(Props.getInt(p, "input.width", base.preprocessing().width()),
                    Props.getInt(p, "input.height", base.preprocessing().height()));
        }
        if (p.containsKey("input.resize")) {
            pre.optResize(ResizeMode.valueOf(p.get("input.resize").toUpperCase(Locale.ROOT)));
        }
        if (p.containsKey("input.pad")) {
            pre.optPadValue(Props.getInt(p, "input.pad", 0));
        }
        if (p.containsKey("input.channels")) {
            pre.optChannels(ChannelOrder.valueOf(p.get("input.channels").toUpperCase(Locale.ROOT)));
        }
        if (p.containsKey("input.mean") || p.containsKey("input.std")) {
            pre.optNormalize(three(Props.getFloats(p, "input.mean", base.preprocessing().mean()), "input.mean"),
                    three(Props.getFloats(p, "input.std", base.preprocessing().std()), "input.std"));
        }
        ModelDescription.Builder b = base.toBuilder().setPreprocessing(pre.build());
        if (p.containsKey("labels")) {
            Path f = dir == null ? Path.of(p.get("labels")) : dir.resolve(p.get("labels"));
            b.optLabels(Labels.read(f));
        }
        if (p.containsKey("labels.inline")) {
            b.optLabels(Arrays.stream(p.get("labels.inline").split(",")).map(String::strip).toList());
        }
        if (p.containsKey("nms")) {
            b.optNms(nms(p.get("nms")));
        }
        if (p.containsKey("nms.iou")) {
            b.optIouThreshold(Props.getFloat(p, "nms.iou", 0.45f));
        }
        if (p.containsKey("confidence")) {
            b.optConfidence(Props.getFloat(p, "confidence", 0.25f));
        }
        for (Map.Entry<String, String> e : p.entrySet()) {
            String k = e.getKey();
            if (!GENERAL_KEYS.contains(k)) {
                b.optProperty(k, e.getValue());
            }
        }
        return b.build();
    }

    private static float[] three(float[] v, String key) throws InvalidModelException {
        if (v.length == 1) {
            return new float[] {v[0], v[0], v[0]};
        }
        if (v.length != 3) {
            throw new InvalidModelException(key + " needs 1 or 3 values, got " + v.length);
        }
        return v;
    }

    private static NmsKind nms(String v) throws InvalidModelException {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "hard": return NmsKind.HARD_CLASS_AWARE;
            case "agnostic": return NmsKind.HARD_CLASS_AGNOSTIC;
            case "weighted": return NmsKind.WEIGHTED;
            case "none": return NmsKind.NONE;
            default: throw new InvalidModelException("nms=" + v + " is not one of hard, agnostic, weighted, none");
        }
    }
}
