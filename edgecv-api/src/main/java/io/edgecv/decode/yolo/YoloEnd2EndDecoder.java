package io.edgecv.decode.yolo;

import io.edgecv.decode.Decoder;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NmsKind;
import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Decodes final boxes: the NMS-free heads of YOLO26 and YOLOv10 and exports with NMS built in (Ultralytics
 * {@code nms=True}), one output {@code [B, K, 6]} whose rows are {@code x1, y1, x2, y2, score, class id}, K = 300
 * (the export's {@code max_det}). Rows below the threshold, the padding rows among them, are dropped, as are rows
 * with a degenerate or non-finite box, a NaN or infinite score, or a negative or non-finite class id. The default
 * overlap handling is {@link NmsKind#NONE}; a description or the builder may still apply NMS.
 *
 * <p>{@link #decode(OutputTensors, float, Candidates)} decodes batch entry 0;
 * {@link #decode(OutputTensors, int, float, Candidates)} any entry. It allocates nothing.
 *
 * <p>Thread-safety: not thread-safe; see {@link Decoder}.
 */
public final class YoloEnd2EndDecoder extends BatchedYoloDecoder {
    private static final String WHAT = "YOLO end-to-end decoder";
    /** Columns of a row: x1, y1, x2, y2, score, class. */
    public static final int COLUMNS = 6;


    /**
     * A decoder for boxes in model input pixels.
     *
     * @param output index of the output to read
     */
    public YoloEnd2EndDecoder(int output) {
        this(output, 1f, 1f);
    }

    /**
     * @param output index of the output to read
     * @param boxScaleX multiplies x coordinates (the input width for normalised boxes, else 1)
     * @param boxScaleY multiplies y coordinates (the input height for normalised boxes, else 1)
     */
    public YoloEnd2EndDecoder(int output, float boxScaleX, float boxScaleY) {
        super(output, boxScaleX, boxScaleY);
    }

    @Override
    public void decode(OutputTensors outputs, int batchIndex, float scoreThreshold, Candidates out) {
        long[] shape = outputs.outputShape(output);
        int columns = OutputShape.dim(shape, 1, WHAT);
        int k = OutputShape.dim(shape, 2, WHAT);
        if (columns != COLUMNS) {
            throw new IllegalStateException(WHAT + " expects [B, K, 6] rows of x1, y1, x2, y2, score, class; output "
                    + output + " is " + Arrays.toString(shape));
        }
        FloatBuffer buf = outputs.output(output);
        int base = OutputShape.start(shape, buf, batchIndex, (long) k * COLUMNS, WHAT);
        for (int j = 0; j < k; j++) {
            int r = base + j * COLUMNS;
            float score = buf.get(r + 4);
            if (!(score > scoreThreshold) || score == Float.POSITIVE_INFINITY) {
                continue;
            }
            float cls = buf.get(r + 5);
            if (!(cls >= 0f) || !(cls < 16_777_216f)) { // beyond 2^24 a float no longer holds every integer
                continue;
            }
            Boxes.addCorners(out, buf.get(r), buf.get(r + 1), buf.get(r + 2), buf.get(r + 3), score,
                    Math.round(cls), boxScaleX, boxScaleY);
        }
    }

    /** @return {@link NmsKind#NONE}: the model's boxes are final */
    @Override
    public NmsKind defaultNms() {
        return NmsKind.NONE;
    }

    @Override
    public String toString() {
        return "YoloEnd2EndDecoder[output " + output + ", box scale " + boxScaleX + "x" + boxScaleY + "]";
    }
}
