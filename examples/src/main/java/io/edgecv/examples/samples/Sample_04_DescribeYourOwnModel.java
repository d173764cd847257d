package io.edgecv.examples.samples;

import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.examples.assets.DefaultAssets;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
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
 * Both are shown here on the SSD fixture, with settings spelled out that EdgeCV would otherwise infer.
 */
public final class Sample_04_DescribeYourOwnModel {
    private Sample_04_DescribeYourOwnModel() {
    }

    /**
     * @param args ignored
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path original = DefaultAssets.model();
        ImageInput photo = ImageInput.read(DefaultAssets.image());

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
            System.out.println("from the properties file: " + d.detect(photo));
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
            System.out.println("from code:                " + d.detect(photo));
        }
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        return n.substring(n.lastIndexOf('.'));
    }
}
