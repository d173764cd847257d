package io.edgecv.examples.samples;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.examples.assets.DefaultAssets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Sample 01: detect objects in a photo.
 *
 * <p>Three lines do the work: build a {@link Detector} for a model file, wrap the photo in an {@link ImageInput},
 * call {@link Detector#detect}. EdgeCV reads the model's format from its bytes, picks the best backend on the
 * class path (ONNX Runtime for an {@code .onnx} file, TensorFlow Lite for a {@code .tflite} one), recognises the
 * model family (SSD from the TF Object Detection API) and so knows its preprocessing, decoder, labels and
 * thresholds: no configuration.
 *
 * <h2>How to run</h2>
 * From the root of the checkout ({@code ./edgecv} builds {@code examples/target/edgecv.jar} on first use):
 * <pre>{@code
 * ./edgecv --version
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_01_DetectObjects [model] [image]
 * }</pre>
 * Without arguments it uses the default SSD-MobileNetV2 and {@code dog.jpg}. {@code SamplesTest} runs it.
 *
 * <p>Next: {@link Sample_02_CameraFrames}.
 */
public final class Sample_01_DetectObjects {
    private Sample_01_DetectObjects() {
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
     * Detects objects in one photo and prints them.
     *
     * @param model a model file
     * @param image a photo
     * @param out where to print the detections
     * @return the detections
     * @throws IOException if the photo cannot be read
     * @throws EdgeCvException if the model cannot be opened or run
     */
    public static List<Detection> run(Path model, Path image, PrintStream out) throws IOException, EdgeCvException {
        // A Detector holds the opened model: build it once, use it for many images, close it at the end.
        try (Detector detector = Detector.builder().setModel(model).build()) {
            List<Detection> found = detector.detect(ImageInput.read(image));

            // Boxes are in the photo's own pixels, whatever size the model ran at.
            for (Detection d : found) {
                out.printf("%-12s %.2f  x %4.0f..%-4.0f y %4.0f..%-4.0f%n",
                        d.label(), d.score(), d.left(), d.right(), d.top(), d.bottom());
            }
            return found;
        }
    }
}
