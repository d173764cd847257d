package io.edgecv.examples.samples;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.decode.Activation;
import io.edgecv.decode.Anchors;
import io.edgecv.decode.Decoder;
import io.edgecv.decode.ssd.SsdAnchorGenerator;
import io.edgecv.examples.assets.DefaultAssets;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NmsKind;
import io.edgecv.spi.OutputTensors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Sample 05, for integrators: write a {@link Decoder} for a head EdgeCV does not decode the way you need.
 *
 * <p>A decoder turns one inference's raw outputs into candidates: boxes in model input pixels, a score and a class
 * each, appended to a reused {@link Candidates} list. EdgeCV does the rest around it: preprocessing before,
 * {@link NmsKind non-maximum suppression}, the mapping of boxes back to the photo's pixels and the labels after.
 * Rules of the contract: keep only scores at or above the threshold, allocate nothing per call (the detector calls
 * it for every frame), and leave thread safety to the detector (it calls its decoder under its lock).
 *
 * <p>The decoder here reads an SSD-MobileNetV2 head (box encodings against 1917 anchors, one sigmoid score per class)
 * but keeps only each anchor's best class, as many embedded pipelines do to bound the work; EdgeCV's own SSD
 * decoder keeps every class above the threshold. It reuses EdgeCV's building blocks: {@link SsdAnchorGenerator}
 * for the anchors and {@link Activation#rawThreshold} to compare raw logits without a sigmoid per score. Hand it
 * to {@code optDecoder}; the rest of the description (preprocessing, labels, thresholds) is still recognised from
 * the model. To make a decoder available by family name in description files, implement
 * {@link io.edgecv.model.ModelFamily} and list it in {@code META-INF/services/io.edgecv.model.ModelFamily}.
 *
 * <h2>How to run</h2>
 * From the root of the checkout ({@code ./edgecv} builds {@code examples/target/edgecv.jar} on first use):
 * <pre>{@code
 * ./edgecv --version
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_05_WriteADecoder [model] [image]
 * }</pre>
 * {@code SamplesTest} runs it and checks its detections against EdgeCV's own SSD decoder.
 */
public final class Sample_05_WriteADecoder {
    private Sample_05_WriteADecoder() {
    }

    /** One candidate per anchor: its best class, if that scores at least the threshold. */
    public static final class BestClassSsdDecoder implements Decoder {
        private static final float Y_SCALE = 10f;
        private static final float X_SCALE = 10f;
        private static final float H_SCALE = 5f;
        private static final float W_SCALE = 5f;
        private final Anchors anchors = SsdAnchorGenerator.mobileNetV2().generate();
        private final int inputWidth;
        private final int inputHeight;

        /**
         * @param inputWidth the model's input width in pixels (300)
         * @param inputHeight the model's input height in pixels (300)
         */
        public BestClassSsdDecoder(int inputWidth, int inputHeight) {
            this.inputWidth = inputWidth;
            this.inputHeight = inputHeight;
        }

        @Override
        public void decode(OutputTensors outputs, float scoreThreshold, Candidates out) {
            int n = anchors.size();
            // the two outputs are [1, N, 4] box encodings and [1, N, C] class logits, in either order
            int boxesIndex = outputs.output(0).limit() == 4 * n ? 0 : 1;
            FloatBuffer boxes = outputs.output(boxesIndex);
            FloatBuffer logits = outputs.output(1 - boxesIndex);
            int classes = logits.limit() / n;
            float rawThreshold = Activation.SIGMOID.rawThreshold(scoreThreshold);
            for (int i = 0; i < n; i++) {
                int best = -1;
                float bestRaw = rawThreshold;
                for (int c = 1; c < classes; c++) { // column 0 is the background
                    float raw = logits.get(i * classes + c);
                    if (raw >= bestRaw) {
                        bestRaw = raw;
                        best = c;
                    }
                }
                if (best < 0) {
                    continue;
                }
                float cy = boxes.get(4 * i) / Y_SCALE * anchors.h(i) + anchors.cy(i);
                float cx = boxes.get(4 * i + 1) / X_SCALE * anchors.w(i) + anchors.cx(i);
                float h = (float) Math.exp(boxes.get(4 * i + 2) / H_SCALE) * anchors.h(i);
                float w = (float) Math.exp(boxes.get(4 * i + 3) / W_SCALE) * anchors.w(i);
                out.add((cx - w / 2) * inputWidth, (cy - h / 2) * inputHeight, (cx + w / 2) * inputWidth,
                        (cy + h / 2) * inputHeight, Activation.sigmoid(bestRaw), best);
            }
        }

        @Override
        public NmsKind defaultNms() {
            return NmsKind.HARD_CLASS_AWARE;
        }
    }

    /**
     * @param args optional model and image paths
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path model = args.length > 0 ? Path.of(args[0]) : DefaultAssets.model();
        Path image = args.length > 1 ? Path.of(args[1]) : DefaultAssets.image();
        run(model, image, System.out);
    }

    /**
     * Detects with the decoder above.
     *
     * @param model an SSD-MobileNetV2 model with 300x300 input (ONNX or TFLite)
     * @param image a photo
     * @param out where to print
     * @return the detections
     * @throws IOException if the photo cannot be read
     * @throws EdgeCvException if the model cannot be opened or run
     */
    public static List<Detection> run(Path model, Path image, PrintStream out) throws IOException, EdgeCvException {
        try (Detector detector = Detector.builder().setModel(model)
                .optDecoder(new BestClassSsdDecoder(300, 300))
                .optNms(NmsKind.HARD_CLASS_AWARE)
                .build()) {
            List<Detection> found = detector.detect(ImageInput.read(image));
            for (Detection d : found) {
                out.printf("%-12s %.2f  [%.0f, %.0f, %.0f, %.0f]%n", d.label(), d.score(), d.left(), d.top(),
                        d.right(), d.bottom());
            }
            return found;
        }
    }
}
