package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Float16;
import io.edgecv.spi.ModelSource;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-written net, {@code Input(4) -> InnerProduct(2, bias) -> ReLU}, with its weights stored each way NCNN's
 * model reader knows (raw fp32, fp16, a 256-entry quantization table): the weight walk accepts each exactly, libncnn
 * computes the expected values, and one byte less or more is refused.
 */
class TinyNetTest {
    private static final String PARAM = "7767517\n3 3\nInput data 0 1 data 0=4\n"
            + "InnerProduct fc 1 1 data fc 0=2 1=1 2=8\nReLU relu 1 1 fc out\n";
    private static final float[] W = {1, 1, 1, 1, -1, -1, -1, -1};
    private static final float[] BIAS = {0.5f, 0.5f};

    @TempDir
    Path dir;

    @Test
    void rawFloatWeights() throws Exception {
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        write(bin, 0);
        for (float w : W) {
            write(bin, Float.floatToIntBits(w));
        }
        bias(bin);
        check(bin.toByteArray());
    }

    @Test
    void halfFloatWeights() throws Exception {
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        write(bin, 0x01306B47);
        for (int i = 0; i < W.length; i += 2) {
            write(bin, (Float16.fromFloat(W[i]) & 0xFFFF) | Float16.fromFloat(W[i + 1]) << 16);
        }
        bias(bin);
        check(bin.toByteArray());
    }

    @Test
    void quantizationTableWeights() throws Exception {
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        write(bin, 0x00000001);
        for (int i = 0; i < 256; i++) {
            write(bin, Float.floatToIntBits(i == 0 ? -1f : i == 1 ? 1f : 0f));
        }
        for (float w : W) {
            bin.write(w > 0 ? 1 : 0);
        }
        bias(bin);
        check(bin.toByteArray());
    }

    private void check(byte[] bin) throws Exception {
        Path param = dir.resolve("tiny.param");
        Files.writeString(param, PARAM, StandardCharsets.UTF_8);
        Path weights = dir.resolve("tiny.bin");
        Files.write(weights, bin);
        NcnnGraph g = ParamParserTest.parse(PARAM);
        assertThat(WeightCheck.check(g, weights)).isEqualTo(bin.length);
        Files.write(weights, java.util.Arrays.copyOf(bin, bin.length - 1));
        assertThatThrownBy(() -> WeightCheck.check(g, weights)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("truncated");
        Files.write(weights, java.util.Arrays.copyOf(bin, bin.length + 4));
        assertThatThrownBy(() -> WeightCheck.check(g, weights)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("another model");
        Files.write(weights, bin);
        // the checks above ran without libncnn; the rest needs it: skip (not pass) where it is missing
        NcnnTesting.requireNcnn();
        try (BackendSession s = new NcnnBackendProvider().open(ModelSource.of(param), BackendOptions.of(1,
                Map.of()))) {
            assertThat(s.inputs().get(0).shape()).containsExactly(1, 4);
            assertThat(s.outputs().get(0).shape()).as("learned from a run at open").containsExactly(1, 2);
            FloatBuffer in = s.inputBuffer(0).asFloatBuffer();
            in.put(new float[] {1, 2, 3, 4});
            s.run();
            assertThat(s.outputShape(0)).containsExactly(1, 2);
            FloatBuffer out = s.output(0);
            assertThat(out.get(0)).isEqualTo(10.5f);
            assertThat(out.get(1)).isEqualTo(0f);
        }
    }

    private static void bias(ByteArrayOutputStream bin) {
        for (float b : BIAS) {
            write(bin, Float.floatToIntBits(b));
        }
    }

    private static void write(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }
}
