package io.edgecv.decode.yolo;

import io.edgecv.decode.Decoder;
import io.edgecv.nms.Candidates;
import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Decodes the anchor-free head of Ultralytics YOLOv8, YOLO11, YOLOv9 and YOLOv5u/v3u exports: one output of
 * {@code [B, 4 + C, N]} (Ultralytics' own layout, "channels first": row 0..3 = {@code cx, cy, w, h} of every
 * anchor, then one row of class scores per class) or its transpose {@code [B, N, 4 + C]} ("anchors first", as some
 * converters emit). N is 8400 at 640x640. Class scores are already sigmoid probabilities; each anchor yields its
 * best class only (Ultralytics {@code multi_label=False}), kept when that score is at least the threshold.
 *
 * <p>Boxes come out in model input pixels ({@code x1, y1, x2, y2}); set a box scale for exports whose boxes are
 * normalised to [0, 1] (Ultralytics TFLite). Degenerate boxes (width or height not positive), non-finite
 * coordinates and NaN or infinite scores are dropped.
 *
 * <p>{@link #decode(OutputTensors, float, Candidates)} decodes batch entry 0, which is all a
 * {@link io.edgecv.Detector} feeds; {@link #decode(OutputTensors, int, float, Candidates)} decodes any entry of a
 * batched output. The steady state allocates nothing: work arrays are kept and grown to the largest output seen.
 *
 * <p>Thread-safety: not thread-safe (it keeps work arrays); see {@link Decoder}.
 */
public final class YoloV8Decoder extends BatchedYoloDecoder {
    private static final String WHAT = "YOLOv8 decoder";
    /** Floats copied per chunk when reading the anchors-first layout. */
    private static final int CHUNK = 16384;

    private final int numClasses;
    private final boolean anchorsFirst;
    private final FloatRows rows = new FloatRows();
    private float[] best = new float[0];
    private int[] bestClass = new int[0];
    private int[] hitAnchors = new int[0];

    /**
     * A decoder for boxes in model input pixels.
     *
     * @param output index of the output to read
     * @param numClasses C, at least 1
     * @param anchorsFirst true for {@code [B, N, 4 + C]}, false for Ultralytics' {@code [B, 4 + C, N]}
     */
    public YoloV8Decoder(int output, int numClasses, boolean anchorsFirst) {
        this(output, numClasses, anchorsFirst, 1f, 1f);
    }

    /**
     * @param output index of the output to read
     * @param numClasses C, at least 1
     * @param anchorsFirst true for {@code [B, N, 4 + C]}, false for Ultralytics' {@code [B, 4 + C, N]}
     * @param boxScaleX multiplies x coordinates and widths (the input width for normalised boxes, else 1)
     * @param boxScaleY multiplies y coordinates and heights (the input height for normalised boxes, else 1)
     */
    public YoloV8Decoder(int output, int numClasses, boolean anchorsFirst, float boxScaleX, float boxScaleY) {
        super(output, boxScaleX, boxScaleY);
        this.numClasses = checkClasses(numClasses);
        this.anchorsFirst = anchorsFirst;
    }

    @Override
    public void decode(OutputTensors outputs, int batchIndex, float scoreThreshold, Candidates out) {
        long[] shape = outputs.outputShape(output);
        int features = 4 + numClasses;
        int f = OutputShape.dim(shape, anchorsFirst ? 1 : 2, WHAT);
        int n = OutputShape.dim(shape, anchorsFirst ? 2 : 1, WHAT);
        if (f != features) {
            throw new IllegalStateException(WHAT + " expects " + (anchorsFirst ? "[B, N, " + features + "]"
                    : "[B, " + features + ", N]") + " for " + numClasses + " classes, output " + output + " is "
                    + Arrays.toString(shape));
        }
        FloatBuffer buf = outputs.output(output);
        int base = OutputShape.start(shape, buf, batchIndex, (long) n * features, WHAT);
        if (anchorsFirst) {
            decodeAnchorsFirst(buf, base, n, scoreThreshold, out);
        } else {
            decodeChannelsFirst(buf, base, n, scoreThreshold, out);
        }
    }

    /**
     * {@code [4 + C, N]}: class rows are read one at a time, each a contiguous run of N floats, into a running
     * maximum per anchor ({@link Math#max} over primitive arrays, which the JIT vectorises). Only the few anchors
     * whose maximum reaches the threshold then have their best class and box read; if many do (a very low
     * threshold), a second class-major pass finds every best class instead.
     */
    private void decodeChannelsFirst(FloatBuffer buf, int base, int n, float threshold, Candidates out) {
        if (best.length < n) {
            best = new float[n];
            bestClass = new int[n];
            hitAnchors = new int[n];
        }
        float[] bs = best;
        Arrays.fill(bs, 0, n, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < numClasses; c++) {
            float[] a = rows.copy(buf, base + (4 + c) * n, n);
            for (int i = 0; i < n; i++) {
                bs[i] = Math.max(bs[i], a[i]);
            }
        }
        int[] hits = hitAnchors;
        int k = 0;
        for (int i = 0; i < n; i++) {
            float s = bs[i];
            if (s > threshold || s != s) { // NaN: some class was NaN, look again
                hits[k++] = i;
            }
        }
        if (k == 0) {
            return;
        }
        if (k > n / 16) {
            bestClassesOfAll(buf, base, n);
            for (int i = 0; i < n; i++) {
                if (bs[i] > threshold) {
                    addBox(buf, base, n, i, bs[i], bestClass[i], out);
                }
            }
            return;
        }
        // best finite score and class of the hit anchors only, class row by class row (hits are clustered, so
        // neighbouring reads share cache lines); best / bestClass now hold hit j at index j
        int[] bc = bestClass;
        Arrays.fill(bs, 0, k, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < numClasses; c++) {
            int row = base + (4 + c) * n;
            for (int j = 0; j < k; j++) {
                float v = buf.get(row + hits[j]);
                if (v > bs[j] && v < Float.POSITIVE_INFINITY) {
                    bs[j] = v;
                    bc[j] = c;
                }
            }
        }
        for (int j = 0; j < k; j++) {
            if (bs[j] > threshold) { // first class on ties, as Ultralytics' argmax
                addBox(buf, base, n, hits[j], bs[j], bc[j], out);
            }
        }
    }

    /** Class-major pass keeping the best finite score and its class of every anchor in best / bestClass. */
    private void bestClassesOfAll(FloatBuffer buf, int base, int n) {
        float[] bs = best;
        int[] bc = bestClass;
        Arrays.fill(bs, 0, n, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < numClasses; c++) {
            float[] a = rows.copy(buf, base + (4 + c) * n, n);
            for (int i = 0; i < n; i++) {
                float v = a[i];
                if (v > bs[i] && v < Float.POSITIVE_INFINITY) {
                    bs[i] = v;
                    bc[i] = c;
                }
            }
        }
    }

    private void addBox(FloatBuffer buf, int base, int n, int i, float score, int cls, Candidates out) {
        Boxes.addCenter(out, buf.get(base + i), buf.get(base + n + i), buf.get(base + 2 * n + i),
                buf.get(base + 3 * n + i), score, cls, boxScaleX, boxScaleY);
    }

    /**
     * {@code [N, 4 + C]}: rows read in chunks; each anchor's class scores are contiguous. A first scan stops at the
     * first score reaching the threshold (most anchors have none, and that branch is well predicted); only those
     * anchors are searched for their best class.
     */
    private void decodeAnchorsFirst(FloatBuffer buf, int base, int n, float threshold, Candidates out) {
        int features = 4 + numClasses;
        int chunk = Math.max(1, CHUNK / features);
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            rows.read(buf, base + start * features, m * features);
            float[] a = rows.array();
            int o = rows.offset();
            for (int k = 0; k < m; k++) {
                int r = o + k * features;
                int first = r + 4;
                int end = first + numClasses;
                int c = first;
                while (c < end && !(a[c] > threshold)) {
                    c++;
                }
                if (c == end) {
                    continue;
                }
                float s = Float.NEGATIVE_INFINITY;
                int cls = -1;
                for (int j = first; j < end; j++) {
                    float v = a[j];
                    if (v > s && v < Float.POSITIVE_INFINITY) {
                        s = v;
                        cls = j - first;
                    }
                }
                if (s > threshold) {
                    Boxes.addCenter(out, a[r], a[r + 1], a[r + 2], a[r + 3], s, cls, boxScaleX, boxScaleY);
                }
            }
        }
    }

    /** @return the class count C */
    public int numClasses() {
        return numClasses;
    }

    /** @return whether the output is {@code [B, N, 4 + C]} rather than Ultralytics' {@code [B, 4 + C, N]} */
    public boolean anchorsFirst() {
        return anchorsFirst;
    }

    @Override
    public String toString() {
        return "YoloV8Decoder[output " + output + ", " + numClasses + " classes, "
                + (anchorsFirst ? "[B, N, 4+C]" : "[B, 4+C, N]") + ", box scale " + boxScaleX + "x" + boxScaleY + "]";
    }
}
