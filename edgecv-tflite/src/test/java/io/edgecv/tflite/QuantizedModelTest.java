package io.edgecv.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.edgecv.ImageInput;
import io.edgecv.model.InputDefaults;
import io.edgecv.model.ModelSignature;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.FloatWidening;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * 8-bit quantized inputs and outputs: the conversion arithmetic with real numbers, and two tiny uint8 models run
 * by TensorFlow Lite (quantized image input through the shared preprocessor; quantized output dequantized by the
 * session).
 */
class QuantizedModelTest {
    private static final BackendProvider PROVIDER = new TfLiteBackendProvider();

    @Test
    void dequantizesUint8Int8AndWidensFloat16() {
        FloatBuffer dst = FloatBuffer.allocate(3);
        FloatWidening.widen(ElementType.UINT8, bytes(0, 10, 255), 3, 0.5f, 10, dst);
        assertThat(dst.array()).containsExactly(-5f, 0f, 122.5f);
        FloatWidening.widen(ElementType.INT8, bytes(-128, 0, 127), 3, 0.1f, -3, dst);
        assertThat(dst.array()).containsExactly(new float[] {-12.5f, 0.3f, 13.0f}, Offset.offset(1e-6f));
        ByteBuffer half = ByteBuffer.allocate(6).order(ByteOrder.nativeOrder());
        half.putShort(0, (short) 0x3C00).putShort(2, (short) 0xC000).putShort(4, (short) 0x7BFF);
        FloatWidening.widen(ElementType.FLOAT16, half, 3, 0f, 0, dst);
        assertThat(dst.array()).containsExactly(1f, -2f, 65504f);
        FloatWidening.widen(ElementType.UINT8, bytes(200), 1, 0f, 0, dst);
        assertThat(dst.get(0)).isEqualTo(200f); // not quantized: the plain value
    }

    @Test
    void verifierAcceptsTheTinyModels() throws Exception {
        assertThat(TfLiteModelVerifier.verify(TinyModels.uint8Input(4, 4, 0.0078125f, 128), "in").operators())
                .containsExactly("DEQUANTIZE");
        assertThat(TfLiteModelVerifier.verify(TinyModels.uint8Output(4, 4, 0.02f, 100), "out").operators())
                .containsExactly("QUANTIZE");
    }

    @Test
    void quantizedImageInputIsWrittenStraightIntoTheTensor() throws Exception {
        assumeThat(Backends.availability(PROVIDER).isAvailable()).isTrue();
        float scale = 0.0078125f; // 1/128: values in [-1, 1) as MobileNet-style uint8 inputs use
        int zeroPoint = 128;
        byte[] model = TinyModels.uint8Input(64, 48, scale, zeroPoint);
        ModelSource source = ModelSource.ofBytes(model, "uint8-input.tflite");
        try (BackendSession s = PROVIDER.open(source, BackendOptions.of(1, Map.of()))) {
            assertThat(s.inputs().get(0).type()).isEqualTo(ElementType.UINT8);
            assertThat(s.inputs().get(0).scale()).isEqualTo(scale);
            assertThat(s.inputs().get(0).zeroPoint()).isEqualTo(zeroPoint);
            ModelSignature sig = new ModelSignature(source, s.inputs(), s.outputs(), s.metadata());
            Preprocessing quantized = InputDefaults.from(sig, 0).optNormalize(127.5f, 127.5f).build();
            assertThat(quantized.elementType()).isEqualTo(ElementType.UINT8);
            assertThat(quantized.quantScale()).isEqualTo(scale);
            assertThat(quantized.quantZeroPoint()).isEqualTo(zeroPoint);
            assertThat(quantized.width()).isEqualTo(48);
            assertThat(quantized.height()).isEqualTo(64);

            ImageInput image = ImageInput.read(Fixtures.image("chelsea.png"));
            new Preprocessor(quantized).apply(image, s.inputBuffer(0));
            s.run();
            FloatBuffer dequantized = s.output(0);

            Preprocessing floats = quantized.toBuilder().optElementType(ElementType.FLOAT32)
                    .optQuantization(0f, 0).build();
            ByteBuffer reference = ByteBuffer.allocateDirect(floats.tensorBytes()).order(ByteOrder.nativeOrder());
            new Preprocessor(floats).apply(image, reference);
            FloatBuffer expected = reference.asFloatBuffer();
            assertThat(dequantized.limit()).isEqualTo(expected.limit()).isEqualTo(64 * 48 * 3);
            float worst = 0f;
            for (int i = 0; i < expected.limit(); i++) {
                float e = Math.max(-1f, Math.min(127 * scale, expected.get(i))); // uint8 range of this scale
                worst = Math.max(worst, Math.abs(dequantized.get(i) - e));
            }
            assertThat(worst).as("quantization error").isLessThanOrEqualTo(scale / 2 + 1e-6f);
        }
    }

    @Test
    void quantizedOutputIsDequantizedBySession() throws Exception {
        assumeThat(Backends.availability(PROVIDER).isAvailable()).isTrue();
        float scale = 0.02f;
        int zeroPoint = 100;
        try (BackendSession s = PROVIDER.open(ModelSource.ofBytes(TinyModels.uint8Output(8, 8, scale, zeroPoint),
                "uint8-output.tflite"), BackendOptions.of(1, Map.of(TfLiteOptions.XNNPACK, "false")))) {
            assertThat(s.outputs().get(0).type()).isEqualTo(ElementType.UINT8);
            assertThat(s.outputs().get(0).scale()).isEqualTo(scale);
            assertThat(s.outputs().get(0).zeroPoint()).isEqualTo(zeroPoint);
            FloatBuffer in = s.inputBuffer(0).asFloatBuffer();
            for (int i = 0; i < in.capacity(); i++) {
                in.put(i, -2f + 3.1f * i / in.capacity()); // -2 .. 1.1, inside the uint8 range [-2, 3.1]
            }
            s.run();
            FloatBuffer out = s.output(0);
            assertThat(out.limit()).isEqualTo(8 * 8 * 3);
            for (int i = 0; i < out.limit(); i++) {
                assertThat(out.get(i)).isCloseTo(in.get(i), Offset.offset(scale / 2 + 1e-5f));
            }
            assertThat(out.get(0)).isEqualTo(-2f); // q = 0 -> 0.02 * (0 - 100)
        }
    }

    @Test
    void dynamicInputIsResizedAndItsBuffersFetchedAgain() throws Exception {
        assumeThat(Backends.availability(PROVIDER).isAvailable()).isTrue();
        long[] shape = {1, 1, 1, 3};
        TinyFlatBuffer.Scalars signature = new TinyFlatBuffer.Scalars(4, 1, -1, -1, 3);
        byte[] model = TinyModels.oneOp(TinyModels.DEQUANTIZE,
                TinyModels.tensor("image_u8", 3, shape, 0.5f, 10, 0).ref(7, signature),
                TinyModels.tensor("image_float", 0, shape, 0f, 0, 0).ref(7, signature));
        try (BackendSession s = PROVIDER.open(ModelSource.ofBytes(model, "dynamic.tflite"),
                BackendOptions.of(1, Map.of()))) {
            assertThat(s.inputs().get(0).shape()).containsExactly(1, -1, -1, 3);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.inputBuffer(0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("setInputShape");
            s.setInputShape(0, new long[] {1, 20, 30, 3});
            ByteBuffer in = s.inputBuffer(0);
            assertThat(in.capacity()).isEqualTo(20 * 30 * 3);
            for (int i = 0; i < in.capacity(); i++) {
                in.put(i, (byte) (i % 200));
            }
            s.run();
            assertThat(s.outputShape(0)).containsExactly(1, 20, 30, 3);
            assertThat(s.output(0).limit()).isEqualTo(20 * 30 * 3);
            assertThat(s.output(0).get(1799)).isEqualTo(0.5f * (1799 % 200 - 10));
            s.setInputShape(0, new long[] {1, 8, 8, 3});
            assertThat(s.inputBuffer(0).capacity()).isEqualTo(8 * 8 * 3);
            assertThat(s.outputShape(0)).containsExactly(1, 8, 8, 3);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.setInputShape(0, new long[] {2, 8, 8, 3}))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static ByteBuffer bytes(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length);
        for (int x : v) {
            b.put((byte) x);
        }
        return b.flip();
    }
}
