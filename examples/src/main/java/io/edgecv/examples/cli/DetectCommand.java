package io.edgecv.examples.cli;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.DetectorBuilder;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.examples.assets.DefaultAssets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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

    @Option(names = {"-o", "--out"}, description = "Write the annotated image here, in the format its extension"
            + " names (.png, .jpg, .bmp, .gif); any other extension is refused.")
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
        checkOptions();
        String outFormat = out != null ? Pictures.writableFormat(out) : null; // refused before any work
        Path modelFile = model != null ? model : DefaultAssets.model();
        Path imageFile = image != null ? image : DefaultAssets.image();
        ImageInput input = Pictures.read(imageFile);
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
        try (Detector detector = NativeLogs.quietly(builder::build)) {
            detector.detect(input); // first call pays for lazy initialisation; time the second
            long t0 = System.nanoTime();
            List<Detection> found = detector.detect(input);
            double ms = (System.nanoTime() - t0) / 1e6;
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(DetectionJson.of(imageFile.toString(), input.width(), input.height(),
                        modelFile.getFileName().toString(), detector.backendName(), ms, found));
            } else {
                o.printf(Locale.ROOT, "%s (%dx%d) with %s on %s: %d found in %.1f ms%n", imageFile.getFileName(),
                        input.width(), input.height(), modelFile.getFileName(), detector.backendName(),
                        found.size(), ms);
                for (Detection d : found) {
                    o.printf(Locale.ROOT, "  %-16s %.3f  [%.0f, %.0f, %.0f, %.0f]%n", d.label(), d.score(),
                            d.left(), d.top(), d.right(), d.bottom());
                }
            }
            o.flush();
            if (out != null) {
                Pictures.write(Annotator.draw(Pictures.toImage(input), found), out);
                spec.commandLine().getErr().println("edgecv: annotated image written to " + out + " ("
                        + outFormat + ")");
            }
        }
        return 0;
    }

    private void checkOptions() {
        if (confidence != null && !(confidence >= 0f && confidence <= 1f)) {
            throw CliException.usage("--conf must be in [0, 1], got " + confidence);
        }
        if (iou != null && !(iou >= 0f && iou <= 1f)) {
            throw CliException.usage("--iou must be in [0, 1], got " + iou);
        }
        if (threads < 0) {
            throw CliException.usage("--threads must be 0 (runtime default) or more, got " + threads);
        }
    }
}
