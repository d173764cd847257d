package io.edgecv.decode.ssd;

import io.edgecv.decode.Activation;
import io.edgecv.decode.Anchors;
import io.edgecv.decode.Decoder;
import io.edgecv.nms.Candidates;
import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;

/**
 * Decodes the raw outputs of a TF Object Detection API SSD: box encodings {@code [1, N, 4]} as
 * {@code (ty, tx, th, tw)} against the anchors with the {@code faster_rcnn_box_coder} scales (10, 10, 5, 5), and
 * class predictions {@code [1, N, C]} whose class 0 is background. Every class above threshold of every anchor
 * becomes a candidate (multi-label, as the API's multiclass NMS), class id = column index, so labels line up with
 * a label map whose line 0 is the background.
 *
 * <p>Thread-safety: not thread-safe (stateless, but see {@link Decoder}).
 */
public final class SsdDecoder implements Decoder {
    private final Anchors anchors;
    private final int boxesOutput;
    private final int scoresOutput;
    private final int numClasses;
    private final int firstClass;
    private final float inputWidth;
    private final float inputHeight;
    private final float yScale;
    private final float xScale;
    private final float hScale;
    private final float wScale;
    private final Activation activation;

    /**
     * @param anchors the prior boxes, one per encoding
     * @param boxesOutput index of the {@code [1, N, 4]} box encodings output
     * @param scoresOutput index of the {@code [1, N, C]} class output
     * @param numClasses C, background included
     * @param firstClass first column that is a real class (1 when column 0 is background)
     * @param inputWidth model input width in pixels
     * @param inputHeight model input height in pixels
     * @param boxScales the box coder's y, x, h, w scales (10, 10, 5, 5)
     * @param activation how class outputs become scores
     */
    public SsdDecoder(Anchors anchors, int boxesOutput, int scoresOutput, int numClasses, int firstClass,
                      int inputWidth, int inputHeight, float[] boxScales, Activation activation) {
        if (boxScales.length != 4) {
            throw new IllegalArgumentException("box coder needs 4 scales (y, x, h, w), got " + boxScales.length);
        }
        if (firstClass < 0 || firstClass >= numClasses) {
            throw new IllegalArgumentException("firstClass " + firstClass + " outside 0.." + (numClasses - 1));
        }
        this.anchors = anchors;
        this.boxesOutput = boxesOutput;
        this.scoresOutput = scoresOutput;
        this.numClasses = numClasses;
        this.firstClass = firstClass;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.yScale = boxScales[0];
        this.xScale = boxScales[1];
        this.hScale = boxScales[2];
        this.wScale = boxScales[3];
        this.activation = activation;
    }

    /** @return the anchors the box outputs are encoded against */
    public Anchors anchors() {
        return anchors;
    }

    /** @return the number of class outputs per anchor (background included) */
    public int classCount() {
        return numClasses;
    }

    /** @return the first class that is an object (classes before it are background) */
    public int firstClass() {
        return firstClass;
    }

    /**
     * Encodes a box against an anchor as the model's raw box output would hold it: {@code (ty, tx, th, tw)}, the
     * inverse of what {@link #decode} reads (training targets from labelled boxes).
     *
     * @param anchor the anchor index
     * @param x1 left, as a fraction of the input width
     * @param y1 top, as a fraction of the input height
     * @param x2 right, > x1
     * @param y2 bottom, > y1
     * @param out receives the four values at {@code offset}
     * @param offset where in {@code out}
     */
    public void encode(int anchor, float x1, float y1, float x2, float y2, float[] out, int offset) {
        if (!(x2 > x1 && y2 > y1)) {
            throw new IllegalArgumentException("box [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "] is empty");
        }
        float ha = anchors.h(anchor);
        float wa = anchors.w(anchor);
        out[offset] = ((y1 + y2) / 2 - anchors.cy(anchor)) / ha * yScale;
        out[offset + 1] = ((x1 + x2) / 2 - anchors.cx(anchor)) / wa * xScale;
        out[offset + 2] = (float) Math.log((y2 - y1) / ha) * hScale;
        out[offset + 3] = (float) Math.log((x2 - x1) / wa) * wScale;
    }

    @Override
    public void decode(OutputTensors outputs, float scoreThreshold, Candidates out) {
        FloatBuffer boxes = outputs.output(boxesOutput);
        FloatBuffer scores = outputs.output(scoresOutput);
        int n = anchors.size();
        if (boxes.limit() < 4 * n || scores.limit() < n * numClasses) {
            throw new IllegalStateException("SSD outputs hold " + boxes.limit() / 4 + " boxes and "
                    + scores.limit() / numClasses + " score rows, the decoder expects " + n + " anchors");
        }
        float rawThreshold = activation.rawThreshold(scoreThreshold);
        for (int i = 0; i < n; i++) {
            int row = i * numClasses;
            boolean decoded = false;
            float x1 = 0;
            float y1 = 0;
            float x2 = 0;
            float y2 = 0;
            for (int c = firstClass; c < numClasses; c++) {
                float raw = scores.get(row + c);
                if (!(raw >= rawThreshold)) {
                    continue; // also drops NaN
                }
                float score = activation.apply(raw);
                if (!(score > scoreThreshold)) {
                    continue; // exclusive: a logit of exactly 0 never passes 0.5
                }
                if (!decoded) {
                    float ha = anchors.h(i);
                    float wa = anchors.w(i);
                    float cy = boxes.get(4 * i) / yScale * ha + anchors.cy(i);
                    float cx = boxes.get(4 * i + 1) / xScale * wa + anchors.cx(i);
                    float h = (float) Math.exp(boxes.get(4 * i + 2) / hScale) * ha;
                    float w = (float) Math.exp(boxes.get(4 * i + 3) / wScale) * wa;
                    x1 = (cx - w / 2) * inputWidth;
                    y1 = (cy - h / 2) * inputHeight;
                    x2 = (cx + w / 2) * inputWidth;
                    y2 = (cy + h / 2) * inputHeight;
                    decoded = true;
                }
                out.add(x1, y1, x2, y2, score, c);
            }
        }
    }
}
