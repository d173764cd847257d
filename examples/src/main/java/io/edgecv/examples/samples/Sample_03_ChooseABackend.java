package io.edgecv.examples.samples;

import io.edgecv.BackendUnavailableException;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.DetectorBuilder;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.ModelFormat;
import io.edgecv.examples.assets.DefaultAssets;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Sample 03: backends, threads and runtime options.
 *
 * <p>Each runtime is a jar found with {@link java.util.ServiceLoader}: put {@code edgecv-onnx},
 * {@code edgecv-tflite}, {@code edgecv-ncnn} or {@code edgecv-tensorrt} on the class path and it is there.
 * {@link Backends#providers()} lists them with whether they can run here and, if not, what to install. A backend
 * opens the formats it lists (ONNX Runtime opens {@code .onnx}, TensorFlow Lite {@code .tflite}):
 * {@link Backends#candidates} gives the ones that open a model's format here, best first. Pick one by name with
 * {@code optBackend}, set the runtime's threads with {@code optThreads}, and pass runtime-specific settings with
 * {@code optBackendProperty} (keys start with the backend's name).
 *
 * <h2>How to run</h2>
 * From the root of the checkout ({@code ./edgecv} builds {@code examples/target/edgecv.jar} on first use):
 * <pre>{@code
 * ./edgecv --version
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_03_ChooseABackend [model] [image]
 * }</pre>
 * It works with the default model whichever its format ({@code .onnx} with the shared fixtures, {@code .tflite}
 * as fetched on a bare clone). {@code SamplesTest} runs it with both.
 *
 * <p>Next: {@link Sample_04_DescribeYourOwnModel}.
 */
public final class Sample_03_ChooseABackend {
    private Sample_03_ChooseABackend() {
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
     * Lists the backends, runs the model on a backend chosen by name with explicit options, and asks for a GPU.
     *
     * @param model a model file
     * @param image a photo
     * @param out where to print
     * @return the detections of the backend chosen by name
     * @throws IOException if the photo cannot be read
     * @throws EdgeCvException if no backend here opens the model
     */
    public static List<Detection> run(Path model, Path image, PrintStream out) throws IOException, EdgeCvException {
        for (BackendProvider p : Backends.providers()) {
            out.printf("%-9s %-12s %s%n", p.name(), p.formats(), Backends.availability(p));
        }

        ModelFormat format = ModelSource.of(model).format();
        List<BackendProvider> open = Backends.candidates(format);
        if (open.isEmpty()) {
            throw new BackendUnavailableException("no backend here opens " + format + " models; "
                    + Backends.hint(format));
        }
        String backend = open.get(0).name();                              // e.g. "onnx" or "tflite"
        ImageInput photo = ImageInput.read(image);
        DetectorBuilder builder = Detector.builder()
                .setModel(model)
                .optBackend(backend)                              // by name; default: best available
                .optThreads(1)                                    // one core: steady latency on a busy board
                .optConfidence(0.6f);                             // stricter than the model's 0.5
        if (backend.equals("onnx")) {
            builder.optBackendProperty("onnx.optimization", "all"); // ONNX Runtime graph optimisation level
        } else if (backend.equals("tflite")) {
            builder.optBackendProperty("tflite.xnnpack", "true");   // TensorFlow Lite's XNNPACK CPU kernels
        }
        List<Detection> found;
        try (Detector detector = builder.build()) {
            found = detector.detect(photo);
            out.println(detector.backendName() + ": " + found);
        }

        // Asking for what is not there fails early, and says what to install.
        if (format == ModelFormat.ONNX) {
            try (Detector gpu = Detector.builder().setModel(model).optBackendProperty("onnx.providers", "CUDA")
                    .build()) {
                out.println("CUDA works here: " + gpu.detect(photo));
            } catch (BackendUnavailableException e) {
                out.println("as expected on a machine without a GPU: " + e.getMessage());
            }
        }
        return found;
    }
}
