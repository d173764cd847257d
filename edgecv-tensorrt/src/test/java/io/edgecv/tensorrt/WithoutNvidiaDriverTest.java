package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.edgecv.BackendUnavailableException;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The path every machine without an NVIDIA driver takes, CI included: the backend is found, reports itself
 * unavailable with the reason, refuses to open, and ONNX models run on ONNX Runtime instead. Skipped (saying so) on
 * a machine where TensorRT can run; {@link GpuTest} covers that one.
 */
class WithoutNvidiaDriverTest {
    private static Availability availability;

    @BeforeAll
    static void probe() {
        availability = new TensorRtBackendProvider().availability();
    }

    private static void assumeNoTensorRt() {
        assumeFalse(availability.isAvailable(), "TensorRT can run on this machine; GpuTest covers it");
    }

    @Test
    void isFoundWithItsFormatsAndPriority() {
        BackendProvider p = Backends.providers().stream().filter(b -> b.name().equals("tensorrt")).findFirst()
                .orElseThrow();
        assertThat(p).isInstanceOf(TensorRtBackendProvider.class);
        assertThat(p.formats()).containsExactlyInAnyOrder(ModelFormat.ONNX, ModelFormat.TENSORRT);
        assertThat(p.priority()).isEqualTo(200);
        assertThat(Backends.providers().get(0).name()).isEqualTo("tensorrt");
    }

    @Test
    void saysWhatIsMissingWithoutLoadingNativeCode() {
        assumeNoTensorRt();
        String arch = System.getProperty("os.arch");
        String reason = availability.reason();
        if (NativeLibraryFinder.system(arch).find(TensorRtProbe.DRIVER).isEmpty()
                && TensorRtProbe.platform(System.getProperty("os.name"), arch).isPresent()) {
            assertThat(reason).startsWith("libcuda.so.1 (NVIDIA driver) not found")
                    .contains("Install the NVIDIA driver").contains("onnx backend");
            Map<String, String> loaded = Loader.getLoadedLibraries();
            assertThat(loaded.keySet()).as("native libraries JavaCPP loaded")
                    .noneMatch(k -> k.contains("cudart") || k.contains("nvinfer") || k.contains("cudnn"));
        } else {
            assertThat(reason).isNotBlank();
        }
        assertThat(Backends.describe(Backends.providers())).contains("tensorrt [").contains(reason);
        assertThat(new TensorRtBackendProvider().availability()).isSameAs(availability);
    }

    @Test
    void optBackendTensorRtIsRefusedWithTheReason() {
        assumeNoTensorRt();
        Path ssd = Fixtures.model(Fixtures.SSD_ONNX); // before the lambda: a missing fixture skips, not fails
        assertThatThrownBy(() -> Detector.builder().setModel(ssd)
                .optBackend("tensorrt").build())
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("backend 'tensorrt' cannot run here")
                .hasMessageContaining(availability.reason());
    }

    @Test
    void openIsRefusedToo() throws Exception {
        assumeNoTensorRt();
        ModelSource ssd = ModelSource.of(Fixtures.model(Fixtures.SSD_ONNX));
        assertThatThrownBy(() -> new TensorRtBackendProvider().open(ssd, BackendOptions.defaults()))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining(availability.reason());
    }

    @Test
    void onnxModelsFallBackToOnnxRuntime() throws Exception {
        assumeNoTensorRt();
        try (Detector d = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX)).optThreads(1).build()) {
            assertThat(d.backendName()).isEqualTo("onnx");
            List<Detection> found = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
            assertThat(found).extracting(Detection::label).contains("Dog");
        }
    }

    @Test
    void enginesHaveNowhereElseToGo() {
        assumeNoTensorRt();
        byte[] plan = new byte[64];
        plan[4] = 'f';
        plan[5] = 't';
        plan[6] = 'r';
        plan[7] = 't';
        assertThatThrownBy(() -> Detector.builder().setModel(plan, "yolo.engine").build())
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("no available backend opens TENSORRT models")
                .hasMessageContaining(availability.reason());
    }
}
