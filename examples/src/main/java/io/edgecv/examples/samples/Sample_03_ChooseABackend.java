package io.edgecv.examples.samples;

import io.edgecv.BackendUnavailableException;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.examples.assets.DefaultAssets;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.Backends;

/**
 * Sample 03: backends, threads and runtime options.
 *
 * <p>Each runtime is a jar found with {@link java.util.ServiceLoader}: put {@code edgecv-onnx},
 * {@code edgecv-tflite}, {@code edgecv-ncnn} or {@code edgecv-tensorrt} on the class path and it is there.
 * {@link Backends#providers()} lists them with whether they can run here and, if not, what to install. Pick one by
 * name with {@code optBackend}, set the runtime's threads with {@code optThreads}, and pass runtime-specific
 * settings with {@code optBackendProperty} (keys start with the backend's name).
 *
 * <p>Next: {@link Sample_04_DescribeYourOwnModel}.
 */
public final class Sample_03_ChooseABackend {
    private Sample_03_ChooseABackend() {
    }

    /**
     * @param args ignored
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        for (BackendProvider p : Backends.providers()) {
            System.out.printf("%-9s %-12s %s%n", p.name(), p.formats(), Backends.availability(p));
        }

        ImageInput photo = ImageInput.read(DefaultAssets.image());
        try (Detector detector = Detector.builder()
                .setModel(DefaultAssets.model())
                .optBackend("onnx")                                // by name; default: best available
                .optThreads(1)                                     // one core: steady latency on a busy board
                .optBackendProperty("onnx.optimization", "all")    // ONNX Runtime graph optimisation level
                .optConfidence(0.6f)                               // stricter than the model's 0.5
                .build()) {
            System.out.println(detector.backendName() + ": " + detector.detect(photo));
        }

        // Asking for what is not there fails early, and says what to install.
        try {
            Detector.builder().setModel(DefaultAssets.model()).optBackendProperty("onnx.providers", "CUDA").build();
        } catch (BackendUnavailableException e) {
            System.out.println("as expected on a machine without a GPU: " + e.getMessage());
        }
    }
}
