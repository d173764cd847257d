package io.edgecv.train;

import io.edgecv.Detection;
import io.edgecv.InvalidModelException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NonMaxSuppression;
import io.edgecv.preprocess.ImageTransform;
import io.edgecv.spi.OutputTensors;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw outputs to detections the way {@code Detector} makes them (the family's decoder, its NMS), with boxes as
 * fractions of the source image (mapped back through the preprocessing's {@link ImageTransform}): teacher and
 * student see the same image, so their boxes compare directly even when their input sizes or resize modes
 * (stretch, letterbox) differ.
 *
 * <p>Thread-safety: not thread-safe (reuses its candidate buffers).
 */
final class ModelDetections {
    private static final int MAX_DETECTIONS = 100;
    private final Decoder decoder;
    private final ModelDescription description;
    private final Candidates candidates = new Candidates(256);
    private final Candidates merged = new Candidates(64);
    private final NonMaxSuppression suppression = new NonMaxSuppression();

    /**
     * @return the detections of a model as {@code Detector} would make them: its family's decoder and NMS
     * @throws InvalidModelException if the family cannot decode the model's outputs
     */
    static ModelDetections of(ModelDescription description, ModelSignature signature) throws InvalidModelException {
        return new ModelDetections(ModelFamilies.byName(description.family()).createDecoder(description, signature),
                description);
    }

    /** @return the family's decoder (its anchors, for labelled boxes) */
    Decoder decoder() {
        return decoder;
    }

    private ModelDetections(Decoder decoder, ModelDescription description) {
        this.decoder = decoder;
        this.description = description;
    }

    /**
     * @param transform how the image was preprocessed into the outputs' input
     * @return the detections above the model's own confidence threshold (the reference side of agreement)
     */
    List<Detection> detect(OutputTensors outputs, ImageTransform transform) {
        return detect(outputs, description.confidence(), transform);
    }

    /**
     * @param threshold scores above it are kept; the candidate side of agreement passes a low one so that the
     *     precision-recall curve is complete
     * @param transform how the image was preprocessed into the outputs' input
     * @return boxes as fractions of the source image
     */
    List<Detection> detect(OutputTensors outputs, float threshold, ImageTransform transform) {
        candidates.clear(decoder.keypointCount());
        decoder.decode(outputs, threshold, candidates);
        Candidates src = suppression.suppress(description.nms(), candidates, description.iouThreshold(),
                MAX_DETECTIONS, merged);
        int[] order = suppression.kept();
        float[] b = src.boxes();
        List<Detection> out = new ArrayList<>(suppression.keptCount());
        for (int r = 0; r < suppression.keptCount(); r++) {
            int i = order[r];
            float x1 = imageX(transform, Math.min(b[4 * i], b[4 * i + 2]));
            float y1 = imageY(transform, Math.min(b[4 * i + 1], b[4 * i + 3]));
            float x2 = imageX(transform, Math.max(b[4 * i], b[4 * i + 2]));
            float y2 = imageY(transform, Math.max(b[4 * i + 1], b[4 * i + 3]));
            if (x2 > x1 && y2 > y1) {
                int c = src.classes()[i];
                out.add(new Detection(x1, y1, x2, y2, Math.min(1f, Math.max(0f, src.scores()[i])), c, "class " + c,
                        null));
            }
        }
        return out;
    }

    /** @return a box coordinate in input pixels as a fraction of the source image's width, within [0, 1] */
    private static float imageX(ImageTransform t, float inputX) {
        return Math.max(0f, Math.min(1f, t.toSourceX(inputX) / t.sourceWidth()));
    }

    private static float imageY(ImageTransform t, float inputY) {
        return Math.max(0f, Math.min(1f, t.toSourceY(inputY) / t.sourceHeight()));
    }
}
