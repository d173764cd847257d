package io.edgecv.model.ultralytics;

import io.edgecv.InvalidModelException;
import io.edgecv.model.ModelSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata Ultralytics writes into its exports: class {@code names}, input size {@code imgsz} ({@code [h, w]}),
 * {@code stride}, {@code task} ({@code detect}, {@code segment}, {@code pose}, {@code obb}, {@code classify}),
 * {@code batch}, {@code end2end} (NMS-free heads: YOLO26, YOLOv10), the export {@code args} (of which
 * {@code nms}: NMS built into the graph), plus {@code description}, {@code author} and {@code version}.
 *
 * <p>ONNX exports carry it in {@code metadata_props}, each value written with Python's {@code str()}
 * ({@code names} = {@code {0: 'person', 1: 'bicycle'}}, {@code imgsz} = {@code [640, 640]}); NCNN, TFLite, OpenVINO
 * and other exports carry a {@code metadata.yaml} beside the model. Both are parsed, never evaluated: see
 * {@link #fromProperties} and {@link #fromYaml}.
 *
 * <p>Thread-safety: immutable.
 */
public final class UltralyticsMetadata {
    /** Name of the metadata file Ultralytics writes beside NCNN, TFLite and OpenVINO exports. */
    public static final String FILE_NAME = "metadata.yaml";
    /** Largest metadata file read, in bytes. */
    public static final long MAX_FILE_BYTES = 16L << 20;
    private static final int MAX_CLASSES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(UltralyticsMetadata.class);

    private final List<String> names;
    private final int height;
    private final int width;
    private final int stride;
    private final String task;
    private final int batch;
    private final boolean end2end;
    private final boolean nmsExported;
    private final boolean keypoints;
    private final String description;
    private final String author;
    private final String version;
    private final String head;

    private UltralyticsMetadata(Map<String, Object> m, String what) throws InvalidModelException {
        this.names = names(m.get("names"), what);
        int[] size = imgsz(m.get("imgsz"), what);
        this.height = size[0];
        this.width = size[1];
        this.stride = intValue(m.get("stride"), "stride", what);
        this.batch = intValue(m.get("batch"), "batch", what);
        Object t = m.get("task");
        this.task = t == null ? "" : text(t).strip().toLowerCase(Locale.ROOT);
        this.end2end = bool(m.get("end2end"), "end2end", what);
        Object args = m.get("args");
        this.nmsExported = args instanceof Map && bool(((Map<?, ?>) args).get("nms"), "args.nms", what);
        // an unreadable 'args' is ignored: it only tells whether NMS was exported, which the output shape shows too
        this.keypoints = m.get("kpt_shape") != null;
        this.description = m.get("description") == null ? "" : text(m.get("description"));
        this.author = m.get("author") == null ? "" : text(m.get("author"));
        this.version = m.get("version") == null ? "" : text(m.get("version"));
        this.head = m.get("head") == null ? "" : text(m.get("head"));
    }

    /**
     * Parses ONNX {@code metadata_props} as Ultralytics writes them: {@code names}, {@code imgsz}, {@code args} and
     * {@code kpt_shape} are Python literals (a value that is not one is read as a YAML block, as in
     * {@code metadata.yaml}); the rest are plain strings.
     *
     * @param props the model's metadata
     * @param what the model's name, for messages
     * @return the metadata
     * @throws InvalidModelException if a value cannot be parsed or is out of range; the message names the key
     */
    public static UltralyticsMetadata fromProperties(Map<String, String> props, String what)
            throws InvalidModelException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (v != null && (k.equals("names") || k.equals("imgsz"))) {
                m.put(k, structured(v, "metadata '" + k + "' of " + what));
            } else if (v != null && (k.equals("args") || k.equals("kpt_shape"))) {
                try {
                    m.put(k, structured(v, "metadata '" + k + "' of " + what));
                } catch (InvalidModelException bad) {
                    LOG.warn("ignoring the value of {}", bad.getMessage());
                    m.put(k, v); // present but unreadable: only its presence is used
                }
            } else {
                m.put(k, v);
            }
        }
        return new UltralyticsMetadata(m, what);
    }

    private static Object structured(String v, String what) throws InvalidModelException {
        String s = v.strip();
        if (s.isEmpty()) {
            return null;
        }
        char c = s.charAt(0);
        if (c == '{' || c == '[' || c == '(') {
            return PythonLiteral.parse(s, what);
        }
        if (Character.isDigit(c) && s.chars().allMatch(Character::isDigit)) {
            return s; // imgsz as a single number
        }
        return MetadataYaml.parse(v, what); // 0: person\n1: bicycle
    }

    /**
     * Parses the text of a {@code metadata.yaml}.
     *
     * @param yaml the file's text
     * @param what the file's name, for messages
     * @return the metadata
     * @throws InvalidModelException if the text is not the YAML subset Ultralytics writes, or a value is invalid
     */
    public static UltralyticsMetadata fromYaml(String yaml, String what) throws InvalidModelException {
        Object root = MetadataYaml.parse(yaml, what);
        if (root == null) {
            return new UltralyticsMetadata(Map.of(), what);
        }
        if (!(root instanceof Map)) {
            throw new InvalidModelException(what + " is not a YAML mapping of metadata keys (names, imgsz, task...)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) root;
        return new UltralyticsMetadata(m, what);
    }

    /**
     * @param file a {@code metadata.yaml}
     * @return its metadata
     * @throws InvalidModelException if it cannot be read or parsed
     */
    public static UltralyticsMetadata read(Path file) throws InvalidModelException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidModelException(file + " is " + size + " bytes, over the " + MAX_FILE_BYTES
                        + " byte limit of a metadata file");
            }
            return fromYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Whether model metadata looks like an Ultralytics export's: it has {@code names} together with {@code stride},
     * {@code imgsz} or {@code task}, or names Ultralytics as author.
     *
     * @param props model metadata
     * @return whether to read it as Ultralytics metadata
     */
    public static boolean isUltralytics(Map<String, String> props) {
        String author = props.getOrDefault("author", "");
        return author.toLowerCase(Locale.ROOT).contains("ultralytics")
                || props.containsKey("names") && (props.containsKey("stride") || props.containsKey("imgsz")
                || props.containsKey("task"));
    }

    /**
     * Finds a model's Ultralytics metadata: its own metadata (ONNX {@code metadata_props}) when it looks like
     * Ultralytics' (see {@link #isUltralytics}), completed by a {@code metadata.yaml} beside the model for the keys
     * it lacks; else the {@code metadata.yaml} alone.
     *
     * @param sig the opened model
     * @return the metadata, or empty if the model has none
     * @throws InvalidModelException if metadata is present but cannot be parsed
     */
    public static Optional<UltralyticsMetadata> find(ModelSignature sig) throws InvalidModelException {
        Map<String, String> props = sig.metadata();
        Optional<Path> yaml = sig.source().sibling(FILE_NAME);
        String name = sig.source().name();
        if (isUltralytics(props)) {
            UltralyticsMetadata own = fromProperties(props, name);
            if (yaml.isPresent() && (own.names.isEmpty() || own.width == 0 || own.task.isEmpty())) {
                return Optional.of(own.completedBy(read(yaml.get())));
            }
            return Optional.of(own);
        }
        if (yaml.isPresent()) {
            return Optional.of(read(yaml.get()));
        }
        return Optional.empty(); // a lone 'names' key of some other exporter is not taken for Ultralytics'
    }

    private UltralyticsMetadata completedBy(UltralyticsMetadata o) {
        return new UltralyticsMetadata(this, o);
    }

    private UltralyticsMetadata(UltralyticsMetadata a, UltralyticsMetadata b) {
        this.names = a.names.isEmpty() ? b.names : a.names;
        boolean sized = a.width > 0;
        this.height = sized ? a.height : b.height;
        this.width = sized ? a.width : b.width;
        this.stride = a.stride > 0 ? a.stride : b.stride;
        this.task = a.task.isEmpty() ? b.task : a.task;
        this.batch = a.batch > 0 ? a.batch : b.batch;
        this.end2end = a.end2end || b.end2end;
        this.nmsExported = a.nmsExported || b.nmsExported;
        this.keypoints = a.keypoints || b.keypoints;
        this.description = a.description.isEmpty() ? b.description : a.description;
        this.author = a.author.isEmpty() ? b.author : a.author;
        this.version = a.version.isEmpty() ? b.version : a.version;
        this.head = a.head.isEmpty() ? b.head : a.head;
    }

    /** @return class names, index = class id; empty if the metadata has none */
    public List<String> names() {
        return names;
    }

    /** @return input height from {@code imgsz}, 0 if absent */
    public int imageHeight() {
        return height;
    }

    /** @return input width from {@code imgsz}, 0 if absent */
    public int imageWidth() {
        return width;
    }

    /** @return the largest stride of the head, 0 if absent */
    public int stride() {
        return stride;
    }

    /** @return the task in lower case ({@code detect}, {@code segment}, ...), empty if absent */
    public String task() {
        return task;
    }

    /** @return the export batch size, 0 if absent */
    public int batch() {
        return batch;
    }

    /** @return whether the model's head is end-to-end (NMS-free: YOLO26, YOLOv10) */
    public boolean end2end() {
        return end2end;
    }

    /** @return whether the export built NMS into the graph ({@code args.nms}): final boxes, as end-to-end heads */
    public boolean nmsExported() {
        return nmsExported;
    }

    /** @return whether the metadata describes keypoints ({@code kpt_shape}: a pose model) */
    public boolean hasKeypoints() {
        return keypoints;
    }

    /** @return the {@code description}, empty if absent */
    public String description() {
        return description;
    }

    /** @return the {@code author}, empty if absent */
    public String author() {
        return author;
    }

    /** @return the Ultralytics {@code version} that exported the model, empty if absent */
    public String version() {
        return version;
    }

    /** @return the class name of the model's head ({@code head}, recent exports: {@code Detect}, ...), empty if absent */
    public String head() {
        return head;
    }

    /**
     * @return whether the model is an RT-DETR (by its {@code head} or {@code description}), whose output
     *         {@code [1, 300, 4 + C]} holds normalised boxes that need no NMS
     */
    public boolean isRtDetr() {
        return head.toLowerCase(Locale.ROOT).contains("rtdetr")
                || description.toLowerCase(Locale.ROOT).replace("-", "").contains("rtdetr");
    }

    @Override
    public String toString() {
        return "UltralyticsMetadata[task " + (task.isEmpty() ? "?" : task) + ", " + names.size() + " names, imgsz "
                + height + "x" + width + ", stride " + stride + ", batch " + batch + (end2end ? ", end2end" : "")
                + (nmsExported ? ", nms" : "") + (version.isEmpty() ? "" : ", version " + version) + "]";
    }

    private static List<String> names(Object v, String what) throws InvalidModelException {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(name(o, out.size(), what));
            }
            return Collections.unmodifiableList(out);
        }
        if (!(v instanceof Map)) {
            throw new InvalidModelException("metadata 'names' of " + what + " is " + v + ", not a mapping of class"
                    + " ids to names such as {0: 'person', 1: 'bicycle'}");
        }
        Map<?, ?> map = (Map<?, ?>) v;
        if (map.size() > MAX_CLASSES) {
            throw new InvalidModelException("metadata 'names' of " + what + " has " + map.size()
                    + " classes, over the limit of " + MAX_CLASSES);
        }
        String[] out = new String[map.size()];
        for (Map.Entry<?, ?> e : map.entrySet()) {
            long id = classId(e.getKey(), what);
            if (id < 0 || id >= out.length) {
                throw new InvalidModelException("metadata 'names' of " + what + " has class id " + e.getKey()
                        + " outside 0.." + (out.length - 1) + "; class ids must run from 0 without gaps");
            }
            out[(int) id] = name(e.getValue(), (int) id, what);
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                throw new InvalidModelException("metadata 'names' of " + what + " has no name for class " + i
                        + "; class ids must run from 0 without gaps");
            }
        }
        return List.of(out);
    }

    private static long classId(Object key, String what) throws InvalidModelException {
        if (key instanceof Long) {
            return (Long) key;
        }
        if (key instanceof String) {
            try {
                return Long.parseLong(((String) key).strip());
            } catch (NumberFormatException ignored) {
                // fall through to the message
            }
        }
        throw new InvalidModelException("metadata 'names' of " + what + " has key " + key
                + ", not an integer class id");
    }

    private static String name(Object v, int id, String what) throws InvalidModelException {
        if (v instanceof String || v instanceof Long || v instanceof Double) {
            return v.toString();
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "True" : "False";
        }
        throw new InvalidModelException("metadata 'names' of " + what + " gives class " + id + " the value " + v
                + ", not a name");
    }

    private static int[] imgsz(Object v, String what) throws InvalidModelException {
        if (v == null) {
            return new int[] {0, 0};
        }
        List<?> list = v instanceof List ? (List<?>) v : List.of(v);
        if (list.size() != 1 && list.size() != 2) {
            throw new InvalidModelException("metadata 'imgsz' of " + what + " is " + v
                    + "; expected [height, width] or one size");
        }
        int h = intValue(list.get(0), "imgsz", what);
        int w = intValue(list.get(list.size() - 1), "imgsz", what);
        if (h < 1 || w < 1 || h > 8192 || w > 8192) {
            throw new InvalidModelException("metadata 'imgsz' of " + what + " is " + v
                    + "; each side must be 1 to 8192");
        }
        return new int[] {h, w};
    }

    private static int intValue(Object v, String key, String what) throws InvalidModelException {
        if (v == null) {
            return 0;
        }
        if (v instanceof Long && (Long) v >= 0 && (Long) v <= Integer.MAX_VALUE) {
            return (int) (long) (Long) v;
        }
        if (v instanceof String) {
            String s = ((String) v).strip();
            if (s.isEmpty() || s.equals("None") || s.equals("null")) {
                return 0;
            }
            try {
                int i = Integer.parseInt(s);
                if (i >= 0) {
                    return i;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the message
            }
        }
        throw new InvalidModelException("metadata '" + key + "' of " + what + " is " + v
                + ", not a non-negative integer");
    }

    private static boolean bool(Object v, String key, String what) throws InvalidModelException {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = text(v).strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "true":
            case "yes":
            case "on":
            case "1":
                return true;
            case "false":
            case "no":
            case "off":
            case "0":
            case "":
            case "none":
            case "null":
                return false;
            default:
                throw new InvalidModelException("metadata '" + key + "' of " + what + " is " + v
                        + ", not True or False");
        }
    }

    private static String text(Object v) {
        return String.valueOf(v);
    }
}
