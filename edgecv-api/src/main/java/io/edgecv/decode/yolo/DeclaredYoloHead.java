package io.edgecv.decode.yolo;

import io.edgecv.InvalidModelException;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.ultralytics.UltralyticsMetadata;
import io.edgecv.spi.TensorSpec;
import java.util.Locale;
import java.util.Map;

/**
 * The head of a model declared to be of a YOLO family (by a description file or the builder): the declared layout is
 * checked against the model's output, and the class count and row order are read from it.
 *
 * <p>Thread-safety: stateless.
 */
final class DeclaredYoloHead {
    private DeclaredYoloHead() {
    }

    /**
     * The head of a model declared to be of a family (by a description file or the builder).
     *
     * @param kind the family's layout
     * @param sig the model
     * @param meta its metadata, or null
     * @param props description properties ({@link YoloKeys#OUTPUT}, {@link YoloKeys#LAYOUT})
     * @param labels class count of the description, used when no metadata names the classes
     * @return the head
     * @throws InvalidModelException if the model's output cannot have that layout
     */
    static YoloHead forKind(YoloHead.Kind kind, ModelSignature sig, UltralyticsMetadata meta,
                            Map<String, String> props, int labels) throws InvalidModelException {
        int out = YoloKeys.outputIndex(sig, props);
        if (out < 0) {
            throw new InvalidModelException(kind.family + " decoder: cannot tell which output of "
                    + sig.source().name() + " holds the detections (" + sig.outputs() + "); set " + YoloKeys.OUTPUT
                    + " = <output name> in the description");
        }
        TensorSpec t = sig.outputs().get(out);
        int names = meta == null || meta.names().isEmpty() ? labels : meta.names().size();
        boolean unknown = YoloHead.unknownShape(t);
        if (t.rank() != 2 && t.rank() != 3 && !unknown) {
            throw new InvalidModelException(kind.family + " decoder needs a [B, rows, columns] output; "
                    + t + " of " + sig.source().name() + " is not");
        }
        long a = unknown ? -1 : t.dim(t.rank() - 2);
        long b = unknown ? -1 : t.dim(t.rank() - 1);
        if (unknown && kind != YoloHead.Kind.END2END) {
            // the shape is known only after a run: take C from the metadata, the layout from the description
            if (names == 0) {
                throw new InvalidModelException(kind.family + " decoder: the shape of output " + t + " of "
                        + sig.source().name() + " is known only after a run and no metadata names the classes;"
                        + " give the class names (labels=... in the description, or a metadata.yaml)");
            }
            boolean af = kind == YoloHead.Kind.V5
                    || YoloKeys.ANCHORS_FIRST.equals(props.getOrDefault(YoloKeys.LAYOUT, "").strip());
            return new YoloHead(kind, out, names, af);
        }
        switch (kind) {
            case END2END:
                if (b != YoloEnd2EndDecoder.COLUMNS && !unknown) {
                    throw new InvalidModelException("yolo-end2end decoder needs an output [B, K, 6] of x1, y1, x2,"
                            + " y2, score, class; " + t + " of " + sig.source().name() + " is not");
                }
                return new YoloHead(kind, out, 0, true);
            case V5:
                if (b < 6) {
                    throw new InvalidModelException("yolov5 decoder needs an output [B, N, 5 + C] with C >= 1 and a"
                            + " static last dimension; " + t + " of " + sig.source().name() + " is not");
                }
                return new YoloHead(kind, out, (int) b - 5, true);
            default:
                return new YoloHead(kind, out, v8Classes(sig, t, meta, props, a, b),
                        v8AnchorsFirst(t, meta, props, a, b));
        }
    }

    private static boolean v8AnchorsFirst(TensorSpec t, UltralyticsMetadata meta, Map<String, String> props, long a,
                                          long b) throws InvalidModelException {
        String layout = props.get(YoloKeys.LAYOUT);
        if (layout != null) {
            switch (layout.strip().toLowerCase(Locale.ROOT)) {
                case YoloKeys.CHANNELS_FIRST:
                    return false;
                case YoloKeys.ANCHORS_FIRST:
                    return true;
                default:
                    throw new InvalidModelException(YoloKeys.LAYOUT + "=" + layout + " is not "
                            + YoloKeys.CHANNELS_FIRST + " ([B, 4 + C, N], Ultralytics) or " + YoloKeys.ANCHORS_FIRST + " ([B, N, 4 + C])");
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
                    + YoloKeys.LAYOUT + " and give the model static class dimension");
        }
        return a < 0 || b > 0 && a > b;
    }

    private static int v8Classes(ModelSignature sig, TensorSpec t, UltralyticsMetadata meta,
                                 Map<String, String> props, long a, long b) throws InvalidModelException {
        long features = v8AnchorsFirst(t, meta, props, a, b) ? b : a;
        if (features < 5) {
            throw new InvalidModelException("yolov8 decoder needs an output [B, 4 + C, N] or [B, N, 4 + C] with"
                    + " C >= 1 and a static 4 + C; " + t + " of " + sig.source().name() + " gives 4 + C = "
                    + features + " (set " + YoloKeys.LAYOUT + " if the layout was guessed wrong)");
        }
        return (int) features - 4;
    }
}
