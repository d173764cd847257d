package io.edgecv.decode.yolo;

import io.edgecv.InvalidModelException;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.ultralytics.UltralyticsMetadata;
import io.edgecv.spi.TensorSpec;
import java.util.Map;
import java.util.Optional;

/**
 * Tells which YOLO head a model has, with no help from a description: from its Ultralytics metadata and its
 * output shape.
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
final class YoloHeadRecognizer {
    private static final int[] STRIDES = {8, 16, 32};
    private static final int[] STRIDES_P6 = {8, 16, 32, 64};

    private YoloHeadRecognizer() {
    }

    /**
     * Recognises a YOLO head with no help from a description.
     *
     * @param sig the model
     * @param meta its Ultralytics metadata, or null
     * @return the head, or empty if the model does not look like a YOLO
     * @throws InvalidModelException if it looks like a YOLO but cannot be decoded as detections
     */
    static Optional<YoloHead> identify(ModelSignature sig, UltralyticsMetadata meta) throws InvalidModelException {
        int out = YoloKeys.outputIndex(sig, Map.of());
        if (out < 0) {
            if (meta != null || yoloNamed(sig, -1)) {
                YoloTaskCheck.requireDetection(sig, meta, true);
            }
            return Optional.empty();
        }
        TensorSpec t = sig.outputs().get(out);
        boolean named = yoloNamed(sig, out);
        if (meta != null || named) {
            YoloTaskCheck.requireDetection(sig, meta, true);
        }
        int names = meta == null ? 0 : meta.names().size();
        if (YoloHead.unknownShape(t)) {
            // known only after a run (NCNN): trust the metadata, the decoder checks the shape on every decode
            if (meta != null && (meta.end2end() || meta.nmsExported())) {
                return Optional.of(new YoloHead(YoloHead.Kind.END2END, out, 0, true));
            }
            return names > 0 ? Optional.of(new YoloHead(YoloHead.Kind.V8, out, names, false)) : Optional.empty();
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
            return Optional.of(new YoloHead(YoloHead.Kind.END2END, out, 0, true));
        }
        if (b == YoloEnd2EndDecoder.COLUMNS && a > 0 && !gridA) {
            return Optional.of(new YoloHead(YoloHead.Kind.END2END, out, 0, true));
        }
        int c = names;
        if (c > 0) {
            boolean cf = a == 4 + c;
            boolean af = b == 4 + c;
            boolean v5 = b == 5 + c;
            if (cf) {
                return Optional.of(new YoloHead(YoloHead.Kind.V8, out, c, false)); // ties: [B, 4+C, N] wins (N > 4 + C)
            }
            if (af) {
                return Optional.of(new YoloHead(YoloHead.Kind.V8, out, c, true));
            }
            if (v5) {
                return Optional.of(new YoloHead(YoloHead.Kind.V5, out, c, true));
            }
            throw new InvalidModelException(sig.source().name() + " has " + c + " class names but output " + t
                    + " is none of [B, " + (4 + c) + ", N] (YOLOv8/11), [B, N, " + (4 + c) + "] or [B, N, "
                    + (5 + c) + "] (YOLOv5); check the model's metadata 'names', or describe it in "
                    + sig.source().baseName() + ".edgecv.properties");
        }
        if (isGrid(b, hw, 1) && a > 4) {
            return Optional.of(new YoloHead(YoloHead.Kind.V8, out, (int) a - 4, false));
        }
        if (isGrid(a, hw, 1) && b > 4) {
            return Optional.of(new YoloHead(YoloHead.Kind.V8, out, (int) b - 4, true));
        }
        if (isGrid(a, hw, 3) && b > 5) {
            return Optional.of(new YoloHead(YoloHead.Kind.V5, out, (int) b - 5, true));
        }
        return v8ByRule(a, b, out);
    }

    /** The N > 4 + C rule: the larger (or dynamic) dimension holds the anchors; equal ones mean [B, 4 + C, N]. */
    private static Optional<YoloHead> v8ByRule(long a, long b, int out) {
        boolean anchorsFirst = a < 0 || b > 0 && a > b;
        long features = anchorsFirst ? b : a;
        if (features < 5) {
            return Optional.empty();
        }
        return Optional.of(new YoloHead(YoloHead.Kind.V8, out, (int) features - 4, anchorsFirst));
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
