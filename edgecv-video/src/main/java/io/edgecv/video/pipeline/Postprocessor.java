package io.edgecv.video.pipeline;

import io.edgecv.nms.Candidates;
import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.NonMaxSuppression;
import io.edgecv.preprocess.ImageTransform;
import io.edgecv.spi.OutputTensors;
import io.edgecv.video.track.DetectionBuffer;

/**
 * Decoding, class filter, NMS and the mapping back to frame pixels for one inference: what
 * {@link io.edgecv.Detector#detect} does after {@code run()}, as a stage of its own, writing the kept boxes into a
 * {@link DetectionBuffer} instead of {@link io.edgecv.Detection} objects. Candidates, NMS buffers and the output
 * buffer are reused: nothing is allocated per frame.
 *
 * <p>Thread-safety: not thread-safe; one per pipeline, used by its tracking stage.
 */
final class Postprocessor {
    private final DetectionModel model;
    private final Decoder decoder;
    private final ModelDescription description;
    private final boolean[] allowed;
    private final Candidates candidates = new Candidates(256);
    private final Candidates merged = new Candidates(64);
    private final NonMaxSuppression suppression = new NonMaxSuppression();

    Postprocessor(DetectionModel model) {
        this.model = model;
        this.decoder = model.decoder();
        this.description = model.description();
        this.allowed = model.allowedClasses();
    }

    /**
     * @param outputs one inference's outputs
     * @param t the transform preprocessing used for that frame
     * @param out cleared, then receives the detections in frame pixels, best first
     */
    void decode(OutputTensors outputs, ImageTransform t, DetectionBuffer out) {
        out.clear();
        candidates.clear(decoder.keypointCount());
        decoder.decode(outputs, description.confidence(), candidates);
        if (allowed != null) {
            candidates.retainClasses(allowed);
        }
        Candidates src = suppression.suppress(description.nms(), candidates, description.iouThreshold(),
                model.maxDetections(), merged);
        int count = suppression.keptCount();
        int[] order = suppression.kept();
        float[] b = src.boxes();
        float w = t.sourceWidth();
        float h = t.sourceHeight();
        for (int r = 0; r < count; r++) {
            int i = order[r];
            float x1 = clamp(t.toSourceX(Math.min(b[4 * i], b[4 * i + 2])), w);
            float y1 = clamp(t.toSourceY(Math.min(b[4 * i + 1], b[4 * i + 3])), h);
            float x2 = clamp(t.toSourceX(Math.max(b[4 * i], b[4 * i + 2])), w);
            float y2 = clamp(t.toSourceY(Math.max(b[4 * i + 1], b[4 * i + 3])), h);
            if (!(x2 > x1) || !(y2 > y1)) {
                continue;
            }
            int c = src.classes()[i];
            out.add(x1, y1, x2, y2, Math.min(1f, Math.max(0f, src.scores()[i])), c, model.label(c));
        }
    }

    private static float clamp(float v, float max) {
        return v < 0f ? 0f : Math.min(v, max);
    }
}
