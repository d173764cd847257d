package io.edgecv.decode.yolo;

import io.edgecv.decode.Decoder;
import io.edgecv.nms.Candidates;
import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Decodes the anchor-based head of YOLOv5 (and YOLOv7) exports: one output {@code [B, N, 5 + C]}, each row
 * {@code cx, cy, w, h, objectness, C class scores}, all probabilities already; N is 25200 at 640x640 (3 anchors on
 * each cell of the 80, 40 and 20 grids). The score of a class is objectness x class score; each row yields its best
 * class only, kept when that score is at least the threshold. Rows whose objectness is below the threshold are
 * skipped without reading their class scores (a class score is at most 1).
 *
 * <p>Boxes come out in model input pixels; degenerate or non-finite boxes and NaN or infinite scores are dropped.
 * {@link #decode(OutputTensors, float, Candidates)} decodes batch entry 0;
 * {@link #decode(OutputTensors, int, float, Candidates)} any entry. The steady state allocates nothing.
 *
 * <p>Thread-safety: not thread-safe (it keeps a work array); see {@link Decoder}.
 */
public final class YoloV5Decoder extends BatchedYoloDecoder {
    private static final String WHAT = "YOLOv5 decoder";

    private final int numClasses;
    private final FloatRows rows = new FloatRows();

    /**
     * A decoder for boxes in model input pixels.
     *
     * @param output index of the output to read
     * @param numClasses C, at least 1
     */
    public YoloV5Decoder(int output, int numClasses) {
        this(output, numClasses, 1f, 1f);
    }

    /**
     * @param output index of the output to read
     * @param numClasses C, at least 1
     * @param boxScaleX multiplies x coordinates and widths (the input width for normalised boxes, else 1)
     * @param boxScaleY multiplies y coordinates and heights (the input height for normalised boxes, else 1)
     */
    public YoloV5Decoder(int output, int numClasses, float boxScaleX, float boxScaleY) {
        super(output, boxScaleX, boxScaleY);
        this.numClasses = checkClasses(numClasses);
    }

    @Override
    public void decode(OutputTensors outputs, int batchIndex, float scoreThreshold, Candidates out) {
        long[] shape = outputs.outputShape(output);
        int features = 5 + numClasses;
        int f = OutputShape.dim(shape, 1, WHAT);
        int n = OutputShape.dim(shape, 2, WHAT);
        if (f != features) {
            throw new IllegalStateException(WHAT + " expects [B, N, " + features + "] for " + numClasses
                    + " classes, output " + output + " is " + Arrays.toString(shape));
        }
        FloatBuffer buf = outputs.output(output);
        int base = OutputShape.start(shape, buf, batchIndex, (long) n * features, WHAT);
        for (int i = 0; i < n; i++) {
            int row = base + i * features;
            float obj = buf.get(row + 4);
            if (!(obj > scoreThreshold) || obj == Float.POSITIVE_INFINITY) {
                continue;
            }
            rows.read(buf, row, features);
            float[] a = rows.array();
            int r = rows.offset();
            float s = Float.NEGATIVE_INFINITY;
            int cls = -1;
            for (int c = 0; c < numClasses; c++) {
                float v = a[r + 5 + c];
                if (v > s && v < Float.POSITIVE_INFINITY) {
                    s = v;
                    cls = c;
                }
            }
            float score = obj * s;
            if (!(score > scoreThreshold) || score == Float.POSITIVE_INFINITY) {
                continue;
            }
            Boxes.addCenter(out, a[r], a[r + 1], a[r + 2], a[r + 3], score, cls, boxScaleX, boxScaleY);
        }
    }

    /** @return the class count C */
    public int numClasses() {
        return numClasses;
    }

    @Override
    public String toString() {
        return "YoloV5Decoder[output " + output + ", " + numClasses + " classes, box scale " + boxScaleX + "x"
                + boxScaleY + "]";
    }
}
