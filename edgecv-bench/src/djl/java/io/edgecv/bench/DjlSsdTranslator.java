package io.edgecv.bench;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.BoundingBox;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.modality.cv.output.Rectangle;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.edgecv.decode.Decoder;
import io.edgecv.model.Labels;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NonMaxSuppression;
import io.edgecv.spi.OutputTensors;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a DJL user writes to run the SSD-MobileNetV2 ONNX model with DJL's ONNX Runtime engine alone.
 *
 * <p>Input: DJL's {@link Image#resize} to 300x300 (stretch), {@link Image#toNDArray} (HWC, RGB, uint8), then
 * {@code value / 127.5 - 1} into a new float NDArray of shape {@code [1, 300, 300, 3]}. The normalisation is a Java
 * loop because DJL's ONNX Runtime NDArrays have no arithmetic ({@code sub}, {@code div} throw
 * {@code UnsupportedOperationException} without a second, "hybrid" engine such as PyTorch, whose native
 * libraries are not used here).
 *
 * <p>Output: DJL has no decoder for the raw TF Object Detection API outputs ({@code box_encodings},
 * {@code class_predictions}), so the float arrays DJL returns are decoded with EdgeCV's own SSD decoder and NMS
 * (the same code and thresholds as EdgeCV's path) and returned as DJL {@link DetectedObjects}. The measured
 * difference to EdgeCV is therefore DJL's preprocessing, tensor marshalling and predictor machinery, not the
 * decoding.
 *
 * <p>Thread-safety: not thread-safe (reuses its decode buffers); one per predictor, as DJL predictors are.
 */
final class DjlSsdTranslator implements NoBatchifyTranslator<Image, DetectedObjects> {
    private final int size;
    private final ModelDescription description;
    private final Decoder decoder;
    private final String[] outputNames;
    private final long[][] outputShapes;
    private final FloatBuffer[] outputs;
    private final Candidates candidates = new Candidates(256);
    private final NonMaxSuppression nms = new NonMaxSuppression();

    /**
     * @param size input side (300)
     * @param description EdgeCV's description of the model (thresholds, labels)
     * @param decoder EdgeCV's SSD decoder bound to the model's outputs
     * @param outputNames the model's outputs in the decoder's order
     * @param outputShapes their shapes
     */
    DjlSsdTranslator(int size, ModelDescription description, Decoder decoder, String[] outputNames,
                     long[][] outputShapes) {
        this.size = size;
        this.description = description;
        this.decoder = decoder;
        this.outputNames = outputNames.clone();
        this.outputShapes = outputShapes.clone();
        this.outputs = new FloatBuffer[outputNames.length];
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        Image resized = input.resize(size, size, false);
        NDArray hwc = resized.toNDArray(ctx.getNDManager(), Image.Flag.COLOR);
        int[] pixels = hwc.toUint8Array();
        float[] values = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = pixels[i] / 127.5f - 1f;
        }
        return new NDList(ctx.getNDManager().create(values, new Shape(1, size, size, 3)));
    }

    @Override
    public DetectedObjects processOutput(TranslatorContext ctx, NDList list) {
        for (int i = 0; i < outputNames.length; i++) {
            NDArray a = list.get(outputNames[i]);
            outputs[i] = FloatBuffer.wrap(a.toFloatArray());
        }
        candidates.clear(decoder.keypointCount());
        decoder.decode(tensors, description.confidence(), candidates);
        int kept = nms.hard(candidates, description.iouThreshold(), true, 100);
        int[] order = nms.kept();
        List<String> names = new ArrayList<>(kept);
        List<Double> probabilities = new ArrayList<>(kept);
        List<BoundingBox> boxes = new ArrayList<>(kept);
        float[] b = candidates.boxes();
        for (int r = 0; r < kept; r++) {
            int i = order[r];
            float x1 = Math.max(0f, b[4 * i] / size);
            float y1 = Math.max(0f, b[4 * i + 1] / size);
            float x2 = Math.min(1f, b[4 * i + 2] / size);
            float y2 = Math.min(1f, b[4 * i + 3] / size);
            names.add(Labels.name(description.labels(), candidates.classes()[i]));
            probabilities.add((double) candidates.scores()[i]);
            boxes.add(new Rectangle(x1, y1, Math.max(0f, x2 - x1), Math.max(0f, y2 - y1)));
        }
        return new DetectedObjects(names, probabilities, boxes);
    }

    private final OutputTensors tensors = new OutputTensors() {
        @Override
        public int outputCount() {
            return outputs.length;
        }

        @Override
        public FloatBuffer output(int index) {
            return outputs[index].position(0);
        }

        @Override
        public long[] outputShape(int index) {
            return outputShapes[index];
        }
    };
}
