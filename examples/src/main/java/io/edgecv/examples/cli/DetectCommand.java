package io.edgecv.examples.cli;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.DetectorBuilder;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.examples.assets.DefaultAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecv detect}: detect objects in a photo, print them, optionally draw them and write JSON. With no
 * {@code --model} / {@code --image} it uses the default SSD-MobileNetV2 and {@code dog.jpg}.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Detect objects in an image; print them, draw them (--out), or write JSON (--json).")
final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, description = "Model file (.onnx, .tflite, .param, .engine). "
            + "Default: SSD-MobileNetV2 Open Images v4 (fixtures, or fetched and cached).")
    Path model;

    @Option(names = {"-i", "--image"}, description = "Image file. Default: dog.jpg.")
    Path image;

    @Option(names = {"-o", "--out"}, description = "Write the annotated image here (PNG or JPEG by extension).")
    Path out;

    @Option(names = "--json", description = "Print the detections as JSON instead of a table.")
    boolean json;

    @Option(names = "--conf", description = "Score threshold in [0, 1]. Default: the model's (SSD: 0.5).")
    Float confidence;

    @Option(names = "--iou", description = "NMS IoU threshold in [0, 1]. Default: the model's.")
    Float iou;

    @Option(names = {"-b", "--backend"}, description = "Backend name (see 'edgecv backends'). Default: best.")
    String backend;

    @Option(names = {"-t", "--threads"}, description = "Runtime threads; 0 = runtime default.", defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws IOException, EdgeCvException {
        PrintWriter err = spec.commandLine().getErr();
        Path modelFile = model != null ? model : DefaultAssets.model();
        Path imageFile = image != null ? image : DefaultAssets.image();
        if (!Files.isRegularFile(imageFile)) {
            err.println("no such image: " + imageFile);
            return 2;
        }
        BufferedImage picture = ImageIO.read(imageFile.toFile());
        if (picture == null) {
            err.println(imageFile + " is not a picture Java can read (PNG, JPEG, BMP, GIF)");
            return 2;
        }
        DetectorBuilder builder = Detector.builder().setModel(modelFile).optThreads(threads);
        if (backend != null) {
            builder.optBackend(backend);
        }
        if (confidence != null) {
            builder.optConfidence(confidence);
        }
        if (iou != null) {
            builder.optIouThreshold(iou);
        }
        try (Detector detector = builder.build()) {
            ImageInput input = ImageInput.of(picture);
            detector.detect(input); // first call pays for lazy initialisation; time the second
            long t0 = System.nanoTime();
            List<Detection> found = detector.detect(input);
            double ms = (System.nanoTime() - t0) / 1e6;
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(DetectionJson.of(imageFile.toString(), picture.getWidth(), picture.getHeight(),
                        modelFile.getFileName().toString(), detector.backendName(), ms, found));
            } else {
                o.printf(Locale.ROOT, "%s (%dx%d) with %s on %s: %d found in %.1f ms%n", imageFile.getFileName(),
                        picture.getWidth(), picture.getHeight(), modelFile.getFileName(), detector.backendName(),
                        found.size(), ms);
                for (Detection d : found) {
                    o.printf(Locale.ROOT, "  %-16s %.3f  [%.0f, %.0f, %.0f, %.0f]%n", d.label(), d.score(),
                            d.left(), d.top(), d.right(), d.bottom());
                }
            }
            if (out != null) {
                String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
                String format = name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpg" : "png";
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                ImageIO.write(Annotator.draw(picture, found), format, out.toFile());
                err.println("annotated image written to " + out);
            }
            o.flush();
        }
        return 0;
    }
}
