package io.edgecv.examples.samples;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.examples.assets.DefaultAssets;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sample 04: a model EdgeCV does not recognise by itself.
 *
 * <p>EdgeCV recognises SSD, BlazeFace and the YOLO heads from their tensors and metadata. For a model trained
 * your own way, say how it wants its input and which family decodes it, in one of two ways:
 * <ol>
 *   <li>a {@code <model>.edgecv.properties} file beside the model, read automatically (no code at all);</li>
 *   <li>a {@link ModelDescription} passed to {@code optDescription}, for full control from code.</li>
 * </ol>
 * Both are shown here on the default SSD model, with settings spelled out that EdgeCV would otherwise infer, and
 * lower-case labels to tell them from the model's own.
 *
 * <h2>How to run</h2>
 * From the root of the checkout ({@code ./edgecv} builds {@code examples/target/edgecv.jar} on first use):
 * <pre>{@code
 * ./edgecv --version
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_04_DescribeYourOwnModel [model] [image]
 * }</pre>
 * {@code SamplesTest} runs it and checks both ways give the same detections.
 *
 * <p>Next: {@link Sample_05_WriteADecoder}.
 */
public final class Sample_04_DescribeYourOwnModel {
    private Sample_04_DescribeYourOwnModel() {
    }

    /**
     * @param args ignored
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path model = args.length > 0 ? Path.of(args[0]) : DefaultAssets.model();
        Path image = args.length > 1 ? Path.of(args[1]) : DefaultAssets.image();
        run(model, image, System.out);
    }

    /**
     * Describes the SSD model both ways and detects with each.
     *
     * @param original an SSD-MobileNetV2 Open Images model (ONNX or TFLite)
     * @param image a photo
     * @param out where to print
     * @return the detections from the description file, then those from the description in code
     * @throws IOException if a file cannot be read or written
     * @throws EdgeCvException if the model cannot be opened or run
     */
    public static List<List<Detection>> run(Path original, Path image, PrintStream out)
            throws IOException, EdgeCvException {
        ImageInput photo = ImageInput.read(image);
        List<Detection> fromFile;

        // 1. A description file beside a copy of the model.
        Path dir = Files.createTempDirectory("edgecv-sample");
        Path model = Files.copy(original, dir.resolve("my-detector" + extension(original)));
        Files.writeString(dir.resolve("my-detector.edgecv.properties"), String.join("\n",
                "family = ssd",
                "input.resize = stretch",
                "input.mean = 127.5",
                "input.std = 127.5",
                "labels.inline = background, bicycle, boot, laptop, person, chair, cattle, desk, cat, mouse,"
                        + " monitor, box, mug, cup, exercise bike, table, bottle, heels, vehicle, footwear, dog,"
                        + " book, camera, car",
                "confidence = 0.4",
                "nms = agnostic",
                "nms.iou = 0.5"));
        try (Detector d = Detector.builder().setModel(model).build()) {
            fromFile = d.detect(photo);
            out.println("from the properties file: " + fromFile);
        } finally {
            Files.delete(dir.resolve("my-detector.edgecv.properties"));
            Files.delete(model);
            Files.delete(dir);
        }

        // 2. The same from code.
        Preprocessing pre = Preprocessing.builder().setSize(300, 300).optResize(ResizeMode.STRETCH)
                .optNormalize(127.5f, 127.5f).optLayout(TensorLayout.NHWC).build();
        ModelDescription description = ModelDescription.builder("ssd", pre)
                .optLabels(List.of("background", "bicycle", "boot", "laptop", "person", "chair", "cattle", "desk",
                        "cat", "mouse", "monitor", "box", "mug", "cup", "exercise bike", "table", "bottle", "heels",
                        "vehicle", "footwear", "dog", "book", "camera", "car"))
                .optConfidence(0.4f).optNms(NmsKind.HARD_CLASS_AGNOSTIC).optIouThreshold(0.5f).build();
        try (Detector d = Detector.builder().setModel(original).optDescription(description).build()) {
            List<Detection> fromCode = d.detect(photo);
            out.println("from code:                " + fromCode);
            return List.of(fromFile, fromCode);
        }
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        return n.substring(n.lastIndexOf('.'));
    }
}
