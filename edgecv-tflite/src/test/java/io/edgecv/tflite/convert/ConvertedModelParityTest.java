package io.edgecv.tflite.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.onnx.convert.TfLiteToOnnx;
import io.edgecv.spi.Backends;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each fixture TFLite model converted to ONNX by {@link TfLiteToOnnx} and run on ONNX Runtime against TensorFlow
 * Lite's reference kernels (XNNPACK off) on real photos: raw outputs within 1e-4, and the same detections
 * through the {@code onnx} backend as through {@code tflite}.
 */
class ConvertedModelParityTest {
    private static final float RAW_TOLERANCE = 1e-4f;
    private static final Map<String, Path> CONVERTED = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void runtimesPresent() {
        assumeTrue(Backends.availability(RawParity.TFLITE).isAvailable(),
                () -> Backends.availability(RawParity.TFLITE).reason());
        assumeTrue(Backends.availability(RawParity.ONNX).isAvailable(),
                () -> Backends.availability(RawParity.ONNX).reason());
    }

    /** Converts a fixture once per run (NHWC, the defaults); its label file, if any, is copied beside it. */
    static Path converted(String model, boolean nchw) throws Exception {
        Path src = Fixtures.model(model);
        String key = model + (nchw ? ".nchw" : "");
        Path out = CONVERTED.get(key);
        if (out == null) {
            out = dir.resolve(key.replace(".tflite", "") + ".onnx");
            if (nchw) {
                TfLiteToOnnx.builder().optNchw(true).build().convertModel(src, out);
            } else {
                TfLiteToOnnx.convert(src, out);
            }
            Path labels = src.resolveSibling("object_detection_oidv4_labelmap.txt");
            if (model.equals(Fixtures.SSD_TFLITE) && Files.isRegularFile(labels)) {
                Files.copy(labels, dir.resolve(key.replace(".tflite", "") + ".labels.txt"));
            }
            CONVERTED.put(key, out);
        }
        return out;
    }

    /**
     * Every element within 1e-4 of TFLite. The one exception is BlazeFace short range, whose classifier logits
     * reach |300| on these photos: there float32 rounding alone (one ULP at 256 is 3e-5) moves them by up to
     * 2.5e-4 whichever way ONNX Runtime is set (1 or 2 threads, graph optimizations on or off). That output is
     * held to four times TFLite's own spread instead (the difference between its reference kernels and XNNPACK
     * on the same input: 1.5e-4 to 2.4e-4 here), or 1e-4 where that is larger. A wrong mapping (padding, layout,
     * resize mode) moves outputs by whole units, orders of magnitude more.
     */
    @ParameterizedTest
    @CsvSource({
        Fixtures.SSD_TFLITE + ", dog.jpg, false", Fixtures.SSD_TFLITE + ", person.jpg, false",
        Fixtures.SSD_TFLITE + ", chelsea.png, false", Fixtures.SSD_TFLITE + ", coffee.png, false",
        Fixtures.FACE_SHORT_TFLITE + ", astronaut.png, true", Fixtures.FACE_SHORT_TFLITE + ", grace_hopper.jpg, true",
        Fixtures.FACE_SHORT_TFLITE + ", messi5.jpg, true",
        Fixtures.FACE_FULL_TFLITE + ", astronaut.png, false", Fixtures.FACE_FULL_TFLITE + ", grace_hopper.jpg, false",
        Fixtures.FACE_FULL_TFLITE + ", messi5.jpg, false"})
    void rawOutputsMatchTfLite(String model, String image, boolean spread) throws Exception {
        check(model, image, spread, false);
    }

    /**
     * Convolutions stay NCHW from one to the next: the SSD's ONNX graph has one Transpose after its input and one
     * before each of its 12 head Reshapes (which need TFLite's NHWC order), none between convolutions.
     */
    @org.junit.jupiter.api.Test
    void noTransposesBetweenConvolutions() throws Exception {
        ai.onnx.proto.OnnxMl.ModelProto m;
        try (java.io.InputStream in = Files.newInputStream(converted(Fixtures.SSD_TFLITE, false))) {
            m = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(in);
        }
        Map<String, Long> ops = m.getGraph().getNodeList().stream().collect(java.util.stream.Collectors.groupingBy(
                ai.onnx.proto.OnnxMl.NodeProto::getOpType, java.util.stream.Collectors.counting()));
        System.err.println("converted SSD ONNX nodes: " + ops);
        assertThat(ops).containsEntry("Conv", 72L).containsEntry("Transpose", 13L).containsEntry("Reshape", 13L);
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(13L);
    }

    @ParameterizedTest
    @CsvSource({Fixtures.SSD_TFLITE + ", dog.jpg, false", Fixtures.FACE_SHORT_TFLITE + ", astronaut.png, true",
        Fixtures.FACE_FULL_TFLITE + ", grace_hopper.jpg, false"})
    void nchwConversionMatchesToo(String model, String image, boolean spread) throws Exception {
        check(model, image, spread, true);
    }

    private static void check(String model, String image, boolean spread, boolean nchwIo) throws Exception {
        ImageInput img = ImageInput.read(Fixtures.image(image));
        Map<String, RawParity.Diff> diffs = RawParity.compare(Fixtures.model(model), converted(model, nchwIo), img,
                nchwIo);
        Map<String, RawParity.Diff> own = spread ? RawParity.xnnpackSpread(Fixtures.model(model), img) : Map.of();
        System.err.printf("converted%s %s on %s: max |TFLite - ONNX| %s%s%n", nchwIo ? " NCHW" : "", model, image,
                diffs, spread ? "; TFLite reference vs XNNPACK " + own : "");
        assertThat(diffs).hasSize(2);
        diffs.forEach((name, d) -> {
            float bound = own.containsKey(name) ? Math.max(RAW_TOLERANCE, 4 * own.get(name).maxAbs())
                    : RAW_TOLERANCE;
            assertThat(d.maxAbs()).as("%s differs by %s", name, d).isLessThanOrEqualTo(bound);
        });
    }

    @ParameterizedTest
    @CsvSource({
        Fixtures.SSD_TFLITE + ", dog.jpg, Dog;Bicycle;Car", Fixtures.SSD_TFLITE + ", person.jpg, Person;Dog",
        Fixtures.SSD_TFLITE + ", chelsea.png, Cat", Fixtures.SSD_TFLITE + ", coffee.png, Coffee cup",
        Fixtures.SSD_TFLITE + ", astronaut.png, Person",
        Fixtures.FACE_SHORT_TFLITE + ", astronaut.png, face", Fixtures.FACE_SHORT_TFLITE + ", grace_hopper.jpg, face",
        Fixtures.FACE_FULL_TFLITE + ", astronaut.png, face", Fixtures.FACE_FULL_TFLITE + ", messi5.jpg, face"})
    void detectionsMatchTfLite(String model, String image, String expected) throws Exception {
        try (Detector t = Detector.builder().setModel(Fixtures.model(model)).optBackend("tflite")
                .optBackendProperty("tflite.xnnpack", "false").optThreads(2).build();
             Detector o = Detector.builder().setModel(converted(model, false)).optBackend("onnx").optThreads(2)
                     .build()) {
            assertThat(o.description().family()).isEqualTo(t.description().family());
            ImageInput img = ImageInput.read(Fixtures.image(image));
            List<Detection> dt = t.detect(img);
            List<Detection> dox = o.detect(img);
            System.err.println("converted " + model + " " + image + "\n  tflite " + dt + "\n  onnx   " + dox);
            assertThat(dt).extracting(Detection::label).contains(expected.split(";"));
            assertThat(dox).extracting(Detection::label).containsExactlyElementsOf(
                    dt.stream().map(Detection::label).toList());
            for (int i = 0; i < dt.size(); i++) {
                assertThat(dt.get(i).iou(dox.get(i))).as("IoU of %s and %s", dt.get(i), dox.get(i))
                        .isGreaterThan(0.98f);
                assertThat(Math.abs(dt.get(i).score() - dox.get(i).score())).isLessThan(1e-3f);
            }
        }
    }
}
