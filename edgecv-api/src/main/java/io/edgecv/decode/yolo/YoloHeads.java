package io.edgecv.decode.yolo;

import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.model.InputDefaults;
import io.edgecv.model.LabelFiles;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.ultralytics.UltralyticsMetadata;
import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.ChannelOrder;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.spi.TensorSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells which YOLO head a model has, from its Ultralytics metadata and its output shape, and describes it.
 *
 * <p>Rules, in order (see {@code YOLO.md}):
 * <ol>
 *   <li>metadata {@code task} other than {@code detect}, {@code kpt_shape}, a mask-prototype output or an RT-DETR
 *       head: not a detection model, {@link InvalidModelException};</li>
 *   <li>metadata {@code end2end} or {@code args.nms}: final boxes {@code [B, K, 6]};</li>
 *   <li>last dimension 6 with a row count that is no anchor-grid count of the input: final boxes;</li>
 *   <li>with C class names: {@code [B, 4 + C, N]} is YOLOv8, {@code [B, N, 4 + C]} transposed YOLOv8,
 *       {@code [B, N, 5 + C]} YOLOv5; when both of the first two fit, the larger dimension is N (N > 4 + C),
 *       and if they are equal, Ultralytics' {@code [B, 4 + C, N]};</li>
 *   <li>without names: the dimension equal to the anchor count of the input size (8400 at 640: one anchor per cell
 *       of the stride 8, 16, 32 grids) is N; three times that, with 5 + C columns, is YOLOv5; otherwise the
 *       larger dimension is N.</li>
 * </ol>
 * Without metadata, a model is taken for a YOLO only if its output is named {@code output0}/{@code out0}, its input
 * {@code images}/{@code in0}, or a dimension is an anchor-grid count.
 *
 * <p>Thread-safety: stateless.
 */
final class YoloHeads {
    /** Description key: the output to decode, by name or index. */
    static final String OUTPUT = "yolo.output";
    /** Description key: {@code channels_first} ({@code [B, 4 + C, N]}) or {@code anchors_first}. */
    static final String LAYOUT = "yolo.layout";
    /** Description key: {@code true} if boxes are normalised to [0, 1] of the input (Ultralytics TFLite). */
    static final String NORMALIZED = "yolo.normalized_boxes";
    static final String CHANNELS_FIRST = "channels_first";
    static final String ANCHORS_FIRST = "anchors_first";

    private static final Logger LOG = LoggerFactory.getLogger(YoloHeads.class);
    private static final int[] STRIDES = {8, 16, 32};
    private static final int[] STRIDES_P6 = {8, 16, 32, 64};

    private YoloHeads() {
    }

    /** The three output layouts. */
    enum Kind {
        V5(YoloV5Family.NAME), V8(YoloV8Family.NAME), END2END(YoloEnd2EndFamily.NAME);

        final String family;

        Kind(String family) {
            this.family = family;
        }
    }

    /** Which output holds the detections, in which layout, with how many classes (0: not needed). */
    static final class Head {
        final Kind kind;
        final int output;
        final int classes;
        final boolean anchorsFirst;

        Head(Kind kind, int output, int classes, boolean anchorsFirst) {
            this.kind = kind;
            this.output = output;
            this.classes = classes;
            this.anchorsFirst = anchorsFirst;
        }
    }

    /**
     * Recognises a YOLO head with no help from a description.
     *
     * @param sig the model
     * @param meta its Ultralytics metadata, or null
     * @return the head, or empty if the model does not look like a YOLO
     * @throws InvalidModelException if it looks like a YOLO but cannot be decoded as detections
     */
    static Optional<Head> identify(ModelSignature sig, UltralyticsMetadata meta) throws InvalidModelException {
        int out = outputIndex(sig, Map.of());
        if (out < 0) {
            if (meta != null || yoloNamed(sig, -1)) {
                requireDetection(sig, meta, true);
            }
            return Optional.empty();
        }
        TensorSpec t = sig.outputs().get(out);
        boolean named = yoloNamed(sig, out);
        if (meta != null || named) {
            requireDetection(sig, meta, true);
        }
        int names = meta == null ? 0 : meta.names().size();
        if (unknownShape(t)) {
            // known only after a run (NCNN): trust the metadata, the decoder checks the shape on every decode
            if (meta != null && (meta.end2end() || meta.nmsExported())) {
                return Optional.of(new Head(Kind.END2END, out, 0, true));
            }
            return names > 0 ? Optional.of(new Head(Kind.V8, out, names, false)) : Optional.empty();
        }
        if (t.rank() != 3 && !(t.rank() == 2 && meta != null)) {
            return Optional.empty();
        }
        long a = t.dim(t.rank() - 2);
        long b = t.dim(t.rank() - 1);
        int[] hw = inputSize(sig, meta);
        boolean gridA = isGrid(a, hw, 1) || isGrid(a, hw, 3);
        boolean gridB = isGrid(b, hw, 1);
        if (meta == null && !named && !gridA && !gridB) {
            return Optional.empty();
        }
        if (meta != null && (meta.end2end() || meta.nmsExported())) {
            if (b != YoloEnd2EndDecoder.COLUMNS) {
                throw new InvalidModelException(sig.source().name() + " is an end-to-end export (metadata "
                        + (meta.end2end() ? "end2end" : "args.nms") + ") but output " + t + " is not [B, K, 6] rows"
                        + " of x1, y1, x2, y2, score, class");
            }
            return Optional.of(new Head(Kind.END2END, out, 0, true));
        }
        if (b == YoloEnd2EndDecoder.COLUMNS && a > 0 && !gridA) {
            return Optional.of(new Head(Kind.END2END, out, 0, true));
        }
        int c = names;
        if (c > 0) {
            boolean cf = a == 4 + c;
            boolean af = b == 4 + c;
            boolean v5 = b == 5 + c;
            if (cf) {
                return Optional.of(new Head(Kind.V8, out, c, false)); // ties: [B, 4+C, N] wins (N > 4 + C)
            }
            if (af) {
                return Optional.of(new Head(Kind.V8, out, c, true));
            }
            if (v5) {
                return Optional.of(new Head(Kind.V5, out, c, true));
            }
            throw new InvalidModelException(sig.source().name() + " has " + c + " class names but output " + t
                    + " is none of [B, " + (4 + c) + ", N] (YOLOv8/11), [B, N, " + (4 + c) + "] or [B, N, "
                    + (5 + c) + "] (YOLOv5); check the model's metadata 'names', or describe it in "
                    + sig.source().baseName() + ".edgecv.properties");
        }
        if (isGrid(b, hw, 1) && a > 4) {
            return Optional.of(new Head(Kind.V8, out, (int) a - 4, false));
        }
        if (isGrid(a, hw, 1) && b > 4) {
            return Optional.of(new Head(Kind.V8, out, (int) b - 4, true));
        }
        if (isGrid(a, hw, 3) && b > 5) {
            return Optional.of(new Head(Kind.V5, out, (int) b - 5, true));
        }
        return v8ByRule(a, b, out);
    }

    /** Whether no dimension of the output is known before a run. */
    private static boolean unknownShape(TensorSpec t) {
        for (int i = 0; i < t.rank(); i++) {
            if (t.dim(i) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The N > 4 + C rule: the larger (or dynamic) dimension holds the anchors; equal ones mean [B, 4 + C, N]. */
    private static Optional<Head> v8ByRule(long a, long b, int out) {
        boolean anchorsFirst = a < 0 || b > 0 && a > b;
        long features = anchorsFirst ? b : a;
        if (features < 5) {
            return Optional.empty();
        }
        return Optional.of(new Head(Kind.V8, out, (int) features - 4, anchorsFirst));
    }

    /**
     * The head of a model declared to be of a family (by a description file or the builder).
     *
     * @param kind the family's layout
     * @param sig the model
     * @param meta its metadata, or null
     * @param props description properties ({@link #OUTPUT}, {@link #LAYOUT})
     * @param labels class count of the description, used when no metadata names the classes
     * @return the head
     * @throws InvalidModelException if the model's output cannot have that layout
     */
    static Head forKind(Kind kind, ModelSignature sig, UltralyticsMetadata meta, Map<String, String> props,
                        int labels) throws InvalidModelException {
        int out = outputIndex(sig, props);
        if (out < 0) {
            throw new InvalidModelException(kind.family + " decoder: cannot tell which output of "
                    + sig.source().name() + " holds the detections (" + sig.outputs() + "); set " + OUTPUT
                    + " = <output name> in the description");
        }
        TensorSpec t = sig.outputs().get(out);
        int names = meta == null || meta.names().isEmpty() ? labels : meta.names().size();
        boolean unknown = unknownShape(t);
        if (t.rank() != 2 && t.rank() != 3 && !unknown) {
            throw new InvalidModelException(kind.family + " decoder needs a [B, rows, columns] output; "
                    + t + " of " + sig.source().name() + " is not");
        }
        long a = unknown ? -1 : t.dim(t.rank() - 2);
        long b = unknown ? -1 : t.dim(t.rank() - 1);
        if (unknown && kind != Kind.END2END) {
            // the shape is known only after a run: take C from the metadata, the layout from the description
            if (names == 0) {
                throw new InvalidModelException(kind.family + " decoder: the shape of output " + t + " of "
                        + sig.source().name() + " is known only after a run and no metadata names the classes;"
                        + " give the class names (labels=... in the description, or a metadata.yaml)");
            }
            boolean af = kind == Kind.V5 || ANCHORS_FIRST.equals(props.getOrDefault(LAYOUT, "").strip());
            return new Head(kind, out, names, af);
        }
        switch (kind) {
            case END2END:
                if (b != YoloEnd2EndDecoder.COLUMNS && !unknown) {
                    throw new InvalidModelException("yolo-end2end decoder needs an output [B, K, 6] of x1, y1, x2,"
                            + " y2, score, class; " + t + " of " + sig.source().name() + " is not");
                }
                return new Head(kind, out, 0, true);
            case V5:
                if (b < 6) {
                    throw new InvalidModelException("yolov5 decoder needs an output [B, N, 5 + C] with C >= 1 and a"
                            + " static last dimension; " + t + " of " + sig.source().name() + " is not");
                }
                return new Head(kind, out, (int) b - 5, true);
            default:
                return new Head(kind, out, v8Classes(sig, t, meta, props, a, b), v8AnchorsFirst(t, meta, props, a, b));
        }
    }

    private static boolean v8AnchorsFirst(TensorSpec t, UltralyticsMetadata meta, Map<String, String> props, long a,
                                          long b) throws InvalidModelException {
        String layout = props.get(LAYOUT);
        if (layout != null) {
            switch (layout.strip().toLowerCase(Locale.ROOT)) {
                case CHANNELS_FIRST:
                    return false;
                case ANCHORS_FIRST:
                    return true;
                default:
                    throw new InvalidModelException(LAYOUT + "=" + layout + " is not " + CHANNELS_FIRST
                            + " ([B, 4 + C, N], Ultralytics) or " + ANCHORS_FIRST + " ([B, N, 4 + C])");
            }
        }
        int c = meta == null ? 0 : meta.names().size();
        if (c > 0 && a == 4 + c) {
            return false;
        }
        if (c > 0 && b == 4 + c) {
            return true;
        }
        if (a < 0 && b < 0) {
            throw new InvalidModelException("yolov8 decoder: output " + t + " has dynamic rows and columns; set "
                    + LAYOUT + " and give the model static class dimension");
        }
        return a < 0 || b > 0 && a > b;
    }

    private static int v8Classes(ModelSignature sig, TensorSpec t, UltralyticsMetadata meta,
                                 Map<String, String> props, long a, long b) throws InvalidModelException {
        long features = v8AnchorsFirst(t, meta, props, a, b) ? b : a;
        if (features < 5) {
            throw new InvalidModelException("yolov8 decoder needs an output [B, 4 + C, N] or [B, N, 4 + C] with"
                    + " C >= 1 and a static 4 + C; " + t + " of " + sig.source().name() + " gives 4 + C = "
                    + features + " (set " + LAYOUT + " if the layout was guessed wrong)");
        }
        return (int) features - 4;
    }

    /**
     * Refuses segmentation, pose, OBB and classification models with a clear message.
     *
     * @param sig the model
     * @param meta its metadata, or null
     * @param byShape also look for a mask-prototype output
     * @throws InvalidModelException if the model is not a detection model
     */
    static void requireDetection(ModelSignature sig, UltralyticsMetadata meta, boolean byShape)
            throws InvalidModelException {
        if (meta != null) {
            String task = meta.task();
            if (!task.isEmpty() && !task.equals("detect")) {
                throw notDetection(sig, "its metadata says task=" + task);
            }
            if (meta.hasKeypoints()) {
                throw notDetection(sig, "its metadata has kpt_shape, as pose models do");
            }
            if (meta.isRtDetr()) {
                throw new InvalidModelException(sig.source().name() + " is an RT-DETR model, which the YOLO"
                        + " families do not recognise by themselves; describe it with family=yolov8, "
                        + LAYOUT + "=" + ANCHORS_FIRST + ", " + NORMALIZED + "=true and nms=none");
            }
        }
        if (byShape && sig.outputs().size() >= 2) {
            for (TensorSpec o : sig.outputs()) {
                if (o.rank() == 4 && (o.dim(1) == 32 || o.dim(3) == 32)) {
                    throw notDetection(sig, "output " + o + " holds mask prototypes, as segmentation models do");
                }
            }
        }
    }

    private static InvalidModelException notDetection(ModelSignature sig, String why) {
        return new InvalidModelException(sig.source().name() + " is not a detection model: " + why + ". EdgeCV"
                + " decodes YOLO detection heads (task=detect); export a detection model such as yolo11n.pt"
                + " (segment, pose, obb and classify heads are not supported)");
    }

    /**
     * Describes a model of the given head: Ultralytics preprocessing (letterbox to {@code imgsz}, pad 114, RGB,
     * value / 255, the input tensor's layout), labels from the metadata or a label file, NMS and thresholds of the
     * family. Without a head (its output not known yet), the output and layout properties are left out.
     */
    static ModelDescription describe(Kind kind, Head head, ModelSignature sig, UltralyticsMetadata meta)
            throws InvalidModelException {
        Preprocessing.Builder pre = InputDefaults.from(sig, 0);
        TensorSpec in = sig.inputs().get(0);
        boolean nhwc = in.dim(3) == 3;
        long h = in.dim(nhwc ? 1 : 2);
        long w = in.dim(nhwc ? 2 : 3);
        if (meta != null && meta.imageWidth() > 0) {
            if (h < 0 || w < 0) {
                pre.setSize(w > 0 ? (int) w : meta.imageWidth(), h > 0 ? (int) h : meta.imageHeight());
            } else if (h != meta.imageHeight() || w != meta.imageWidth()) {
                LOG.warn("{}: metadata imgsz {}x{} (h x w) differs from the input tensor {}; using the tensor's size",
                        sig.source().name(), meta.imageHeight(), meta.imageWidth(), in);
            }
        }
        Preprocessing p = pre.optResize(ResizeMode.LETTERBOX).optPadValue(114).optChannels(ChannelOrder.RGB)
                .optNormalize(0f, 255f).optLayout(nhwc ? TensorLayout.NHWC : TensorLayout.NCHW).build();
        List<String> labels = meta != null && !meta.names().isEmpty() ? meta.names() : LabelFiles.find(sig);
        ModelDescription.Builder b = ModelDescription.builder(kind.family, p).optLabels(labels)
                .optConfidence(0.25f);
        switch (kind) {
            case V5:
                b.optNms(NmsKind.HARD_CLASS_AWARE).optIouThreshold(0.45f); // yolov5 detect.py
                break;
            case V8:
                b.optNms(NmsKind.HARD_CLASS_AWARE).optIouThreshold(0.7f); // Ultralytics predict default
                if (head != null) {
                    b.optProperty(LAYOUT, head.anchorsFirst ? ANCHORS_FIRST : CHANNELS_FIRST);
                }
                break;
            default:
                b.optNms(NmsKind.NONE).optIouThreshold(0.7f);
        }
        if (head != null) {
            b.optProperty(OUTPUT, sig.outputs().get(head.output).name());
        }
        b.optProperty(NORMALIZED, Boolean.toString(normalizedByDefault(sig, meta)));
        return b.build();
    }

    /** Ultralytics' TFLite exports normalise boxes to [0, 1]; its other exports give input pixels. */
    static boolean normalizedByDefault(ModelSignature sig, UltralyticsMetadata meta) {
        return meta != null && sig.source().format() == ModelFormat.TFLITE;
    }

    /**
     * @param props description properties
     * @return whether boxes are normalised
     * @throws InvalidModelException if {@link #NORMALIZED} is neither true nor false
     */
    static boolean normalized(Map<String, String> props, ModelSignature sig, UltralyticsMetadata meta)
            throws InvalidModelException {
        String v = props.get(NORMALIZED);
        if (v == null) {
            return normalizedByDefault(sig, meta);
        }
        switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new InvalidModelException(NORMALIZED + "=" + v + " is not true or false");
        }
    }

    /**
     * @return the output named by {@link #OUTPUT}, else {@code output0} or {@code out0}, else the only output;
     *         -1 if none can be chosen
     */
    static int outputIndex(ModelSignature sig, Map<String, String> props) throws InvalidModelException {
        String o = props.get(OUTPUT);
        if (o != null) {
            int i = sig.outputIndex(o.strip());
            if (i >= 0) {
                return i;
            }
            try {
                i = Integer.parseInt(o.strip());
            } catch (NumberFormatException e) {
                i = -1;
            }
            if (i < 0 || i >= sig.outputs().size()) {
                throw new InvalidModelException(OUTPUT + "=" + o + " names no output of " + sig.source().name()
                        + "; its outputs are " + sig.outputs());
            }
            return i;
        }
        for (String name : new String[] {"output0", "out0"}) {
            int i = sig.outputIndex(name);
            if (i >= 0) {
                return i;
            }
        }
        return sig.outputs().size() == 1 ? 0 : -1;
    }

    private static boolean yoloNamed(ModelSignature sig, int out) {
        if (out >= 0) {
            String n = sig.outputs().get(out).name();
            if (n.equals("output0") || n.equals("out0")) {
                return true;
            }
        }
        if (sig.inputs().size() != 1) {
            return false;
        }
        String in = sig.inputs().get(0).name();
        return in.equals("images") || in.equals("in0");
    }

    /** {h, w} of the input from the metadata or the input tensor; {0, 0} if unknown. */
    private static int[] inputSize(ModelSignature sig, UltralyticsMetadata meta) {
        if (meta != null && meta.imageWidth() > 0) {
            return new int[] {meta.imageHeight(), meta.imageWidth()};
        }
        if (sig.inputs().isEmpty() || sig.inputs().get(0).rank() != 4) {
            return new int[] {0, 0};
        }
        TensorSpec in = sig.inputs().get(0);
        boolean nhwc = in.dim(3) == 3;
        long h = in.dim(nhwc ? 1 : 2);
        long w = in.dim(nhwc ? 2 : 3);
        return h > 0 && w > 0 ? new int[] {(int) h, (int) w} : new int[] {0, 0};
    }

    /** Whether {@code n} is {@code perCell} x the anchor-cell count of the stride 8-32 (or 8-64) grids. */
    private static boolean isGrid(long n, int[] hw, int perCell) {
        if (n <= 0 || hw[0] <= 0) {
            return false;
        }
        return n == (long) perCell * cells(hw, STRIDES) || n == (long) perCell * cells(hw, STRIDES_P6);
    }

    private static long cells(int[] hw, int[] strides) {
        long n = 0;
        for (int s : strides) {
            n += (long) ((hw[0] + s - 1) / s) * ((hw[1] + s - 1) / s);
        }
        return n;
    }
}
