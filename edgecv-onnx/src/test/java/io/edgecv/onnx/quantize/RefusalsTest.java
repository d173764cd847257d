package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import io.edgecv.onnx.ToolFixtures;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationMode;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.Quantizer;
import io.edgecv.quantize.Quantizers;
import io.edgecv.testing.Fixtures;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models that cannot be quantized get a clear error; nodes that cannot be are left and named with the reason. */
class RefusalsTest {
    @TempDir
    Path dir;

    private final Quantizer quantizer = new OnnxQuantizer();

    private QuantizationConfig staticConfig() {
        return QuantizationConfig.builder().optCalibrationImages(ToolFixtures.calibration().subList(0, 2))
                .optThreads(1).build();
    }

    @Test
    void anAlreadyQuantizedModelIsRefused() throws Exception {
        Path once = dir.resolve("once.onnx");
        quantizer.quantize(ToolFixtures.ssd(), once, staticConfig());
        for (QuantizationMode mode : QuantizationMode.values()) {
            assertThatThrownBy(() -> quantizer.quantize(once, dir.resolve("twice.onnx"), staticConfig().toBuilder()
                    .optMode(mode).build())).isInstanceOf(InvalidModelException.class)
                    .hasMessageContaining("already quantized").hasMessageContaining("QuantizeLinear");
        }
    }

    @Test
    void aFloat16ModelIsRefused() throws Exception {
        Path half = dir.resolve("half.onnx");
        quantizer.quantize(ToolFixtures.ssd(), half, QuantizationConfig.builder()
                .optMode(QuantizationMode.FP16).build());
        assertThatThrownBy(() -> quantizer.quantize(half, dir.resolve("again.onnx"), QuantizationConfig.builder()
                .optMode(QuantizationMode.FP16).build())).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("already has float16 weights");
    }

    @Test
    void staticInt8WithoutCalibrationImagesIsRefused() {
        Path ssd = ToolFixtures.ssd(); // before the lambda: a missing fixture skips, not fails
        assertThatThrownBy(() -> quantizer.quantize(ssd, dir.resolve("x.onnx"),
                QuantizationConfig.builder().build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calibration images").hasMessageContaining("DYNAMIC_INT8");
    }

    @Test
    void dynamicShapesOfAnUnrecognisedModelNeedAPreprocessing() throws Exception {
        Path model = TestModels.write(TestModels.convNet(13, false, true), dir.resolve("dynamic.onnx"));
        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("x.onnx"), staticConfig()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("optPreprocessing")
                .hasMessageContaining("dynamic input sizes");
        // with a preprocessing it calibrates at that size and quantizes
        QuantizationReport r = quantizer.quantize(model, dir.resolve("ok.onnx"), staticConfig().toBuilder()
                .optPreprocessing(io.edgecv.preprocess.Preprocessing.builder().setSize(32, 32)
                        .optLayout(io.edgecv.preprocess.TensorLayout.NCHW).optNormalize(127.5f, 127.5f).build())
                .build());
        assertThat(r.converted()).extracting(d -> d.opType()).contains("Conv", "Relu");
        float[] x = TestModels.randomInput(3 * 48 * 40, 5);
        float[] want = TestModels.run(model, x, new long[] {1, 3, 48, 40}, Map.of());
        float[] got = TestModels.run(dir.resolve("ok.onnx"), x, new long[] {1, 3, 48, 40}, Map.of());
        assertThat(got).hasSameSizeAs(want);
    }

    @Test
    void unsupportedOperatorsAreLeftInFloatWithTheReason() throws Exception {
        Path model = TestModels.write(TestModels.convNet(13, false, false), dir.resolve("tanh.onnx"));
        QuantizationReport r = quantizer.quantize(model, dir.resolve("q.onnx"), staticConfig().toBuilder()
                .optPreprocessing(io.edgecv.preprocess.Preprocessing.builder().setSize(32, 32)
                        .optLayout(io.edgecv.preprocess.TensorLayout.NCHW).build()).build());
        assertThat(r.leftInFloat()).singleElement().satisfies(d -> {
            assertThat(d.opType()).isEqualTo("Tanh");
            assertThat(d.reason()).contains("no integer kernel for Tanh");
        });
        assertThat(r.toText(false)).contains("no integer kernel for Tanh; it runs in float: tanh (Tanh)");
    }

    @Test
    void aModelWithNothingToQuantizeIsRefusedPerMode() throws Exception {
        Path model = TestModels.write(TestModels.trigonometry(), dir.resolve("trig.onnx"));
        QuantizationConfig cfg = staticConfig().toBuilder().optPreprocessing(io.edgecv.preprocess.Preprocessing
                .builder().setSize(32, 32).optLayout(io.edgecv.preprocess.TensorLayout.NCHW).build()).build();
        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("x.onnx"), cfg))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("no node of trig.onnx")
                .hasMessageContaining("Sin=1");
        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("x.onnx"), cfg.toBuilder()
                .optMode(QuantizationMode.DYNAMIC_INT8).build())).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("no float32 weights to convert");
    }

    @Test
    void perChannelOnAnOldOpsetWithChangedOperatorsIsRefusedButPerTensorWorks() throws Exception {
        Path model = TestModels.write(TestModels.convNet(11, true, false), dir.resolve("opset11.onnx"));
        QuantizationConfig cfg = staticConfig().toBuilder().optPreprocessing(io.edgecv.preprocess.Preprocessing
                .builder().setSize(32, 32).optLayout(io.edgecv.preprocess.TensorLayout.NCHW)
                .optNormalize(127.5f, 127.5f).build()).build();
        assertThatThrownBy(() -> quantizer.quantize(model, dir.resolve("x.onnx"), cfg))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("opset 11")
                .hasMessageContaining("Squeeze").hasMessageContaining("per-tensor");
        QuantizationReport r = quantizer.quantize(model, dir.resolve("pt.onnx"), cfg.toBuilder()
                .optPerChannel(false).build());
        assertThat(r.converted()).extracting(d -> d.opType()).contains("Conv");
        // an input like the calibration photos: pixels scaled to [-1, 1]
        float[] x = TestModels.randomInput(3 * 32 * 32, 9);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(-1f, Math.min(1f, x[i] / 2f));
        }
        assertThat(TestModels.relativeError(TestModels.run(model, x, new long[] {1, 3, 32, 32}, Map.of()),
                TestModels.run(dir.resolve("pt.onnx"), x, new long[] {1, 3, 32, 32}, Map.of()))).isLessThan(0.1);
    }

    @Test
    void notAnOnnxFileAndOutputOverInputAreRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.onnx"), "not a model at all, just some words");
        assertThatThrownBy(() -> quantizer.quantize(text, dir.resolve("x.onnx"), staticConfig()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("notes.onnx");
        Path ssd = ToolFixtures.ssd(); // before the lambda: a missing fixture skips, not fails
        assertThatThrownBy(() -> quantizer.quantize(ssd, ssd,
                staticConfig())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another file");
    }

    @Test
    void theFactoryFindsTheOnnxQuantizer() throws Exception {
        assertThat(Quantizers.forModel(ToolFixtures.ssd())).isInstanceOf(OnnxQuantizer.class);
        Path tflite = Fixtures.model(Fixtures.SSD_TFLITE);
        assertThatThrownBy(() -> Quantizers.forModel(tflite))
                .isInstanceOf(io.edgecv.BackendUnavailableException.class)
                .hasMessageContaining("no quantizer for TFLITE models");
    }

    @Test
    void withoutProtobufOnTheClassPathTheQuantizerSaysWhatToAdd() throws Exception {
        // a class loader with edgecv-api, edgecv-onnx, SLF4J and ONNX Runtime but not tribuo-util-onnx/protobuf
        List<Class<?>> from = List.of(OnnxQuantizer.class, Quantizer.class, org.slf4j.Logger.class,
                ai.onnxruntime.OrtEnvironment.class);
        URL[] urls = new URL[from.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = from.get(i).getProtectionDomain().getCodeSource().getLocation();
        }
        try (URLClassLoader isolated = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Object q = Class.forName(OnnxQuantizer.class.getName(), true, isolated).getConstructor().newInstance();
            Object availability = q.getClass().getMethod("availability").invoke(q);
            Method ok = availability.getClass().getMethod("isAvailable");
            Method reason = availability.getClass().getMethod("reason");
            assertThat((Boolean) ok.invoke(availability)).isFalse();
            assertThat((String) reason.invoke(availability)).contains("org.tribuo:tribuo-util-onnx");
        }
    }
}
