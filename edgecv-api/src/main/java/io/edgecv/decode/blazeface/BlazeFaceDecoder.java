package io.edgecv.decode.blazeface;

import io.edgecv.decode.Activation;
import io.edgecv.decode.Anchors;
import io.edgecv.decode.Decoder;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NmsKind;
import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;

/**
 * Decodes MediaPipe BlazeFace outputs ({@code TensorsToDetectionsCalculator} conventions): regressor rows
 * {@code dx, dy, w, h, then k keypoints (x, y)} in input pixels relative to the anchor centre, and one raw score
 * per anchor, {@code sigmoid(clip(raw, -100, 100))}. The outputs may be split into parts that follow each other
 * in anchor order (the Barracuda ONNX exports give the 16x16 and the 8x8 grid as separate tensors).
 *
 * <p>Thread-safety: not thread-safe (stateless, but see {@link Decoder}).
 */
public final class BlazeFaceDecoder implements Decoder {
    private static final float CLIP = 100f;

    private final Anchors anchors;
    private final int[] regressorOutputs;
    private final int[] scoreOutputs;
    private final int rowWidth;
    private final int keypoints;
    private final float inputWidth;
    private final float inputHeight;

    /**
     * @param anchors the anchors, in the order the output parts list them
     * @param regressorOutputs indices of the {@code [1, n_i, R]} regressor outputs, in anchor order
     * @param scoreOutputs indices of the matching {@code [1, n_i, 1]} score outputs
     * @param rowWidth R, values per regressor row (16 for 6 keypoints)
     * @param inputWidth model input width in pixels
     * @param inputHeight model input height in pixels
     */
    public BlazeFaceDecoder(Anchors anchors, int[] regressorOutputs, int[] scoreOutputs, int rowWidth,
                            int inputWidth, int inputHeight) {
        if (regressorOutputs.length == 0 || regressorOutputs.length != scoreOutputs.length) {
            throw new IllegalArgumentException("need one score output per regressor output");
        }
        if (rowWidth < 4 || rowWidth % 2 != 0) {
            throw new IllegalArgumentException("regressor rows need 4 box values plus x, y pairs; got " + rowWidth);
        }
        this.anchors = anchors;
        this.regressorOutputs = regressorOutputs.clone();
        this.scoreOutputs = scoreOutputs.clone();
        this.rowWidth = rowWidth;
        this.keypoints = (rowWidth - 4) / 2;
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
    }

    @Override
    public int keypointCount() {
        return keypoints;
    }

    @Override
    public NmsKind defaultNms() {
        return NmsKind.WEIGHTED;
    }

    @Override
    public void decode(OutputTensors outputs, float scoreThreshold, Candidates out) {
        float rawThreshold = Activation.SIGMOID.rawThreshold(scoreThreshold);
        int anchor = 0;
        for (int part = 0; part < regressorOutputs.length; part++) {
            FloatBuffer reg = outputs.output(regressorOutputs[part]);
            FloatBuffer cls = outputs.output(scoreOutputs[part]);
            int n = cls.limit();
            if (reg.limit() != n * rowWidth || anchor + n > anchors.size()) {
                throw new IllegalStateException("BlazeFace output part " + part + " has " + n + " scores and "
                        + reg.limit() + " regressor values; expected rows of " + rowWidth + " within "
                        + anchors.size() + " anchors");
            }
            for (int i = 0; i < n; i++, anchor++) {
                float raw = cls.get(i);
                if (!(raw >= rawThreshold)) {
                    continue;
                }
                float score = Activation.sigmoid(Math.max(-CLIP, Math.min(CLIP, raw)));
                if (!(score > scoreThreshold)) {
                    continue; // exclusive: a logit of exactly 0 (a score head quantized away) never passes 0.5
                }
                int r = i * rowWidth;
                float aw = anchors.w(anchor) * inputWidth;
                float ah = anchors.h(anchor) * inputHeight;
                float ax = anchors.cx(anchor) * inputWidth;
                float ay = anchors.cy(anchor) * inputHeight;
                float cx = reg.get(r) / inputWidth * aw + ax;
                float cy = reg.get(r + 1) / inputHeight * ah + ay;
                float w = reg.get(r + 2) / inputWidth * aw;
                float h = reg.get(r + 3) / inputHeight * ah;
                if (!(w > 0) || !(h > 0)) {
                    continue;
                }
                int idx = out.add(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, 0);
                for (int k = 0; k < keypoints; k++) {
                    out.setKeypoint(idx, k, reg.get(r + 4 + 2 * k) / inputWidth * aw + ax,
                            reg.get(r + 5 + 2 * k) / inputHeight * ah + ay);
                }
            }
        }
    }
}
