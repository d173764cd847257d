package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder {@code yolo export format=ncnn} writes: {@code model.ncnn.param} (blobs {@code in0}, {@code out0}, no
 * input size), {@code model.ncnn.bin} and {@code metadata.yaml}. Here with a 1x1 convolution for a network: the
 * weights are found by name, {@code imgsz} fixes the input size and the output shape is learned at open.
 */
class UltralyticsLayoutTest {
    @TempDir
    Path dir;

    @Test
    void opensAnUltralyticsStyleExportFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("tiny_ncnn_model"));
        Path param = folder.resolve("model.ncnn.param");
        Files.writeString(param, "7767517\n2 2\nInput in0 0 1 in0\n"
                + "Convolution conv_0 1 1 in0 out0 0=2 1=1 11=1 2=1 12=1 3=1 13=1 4=0 5=1 6=6\n");
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        float[] weights = {1, 0, 0, 0, 0, 2};
        put(bin, 0);
        for (float w : weights) {
            put(bin, Float.floatToIntBits(w));
        }
        put(bin, Float.floatToIntBits(0.25f));
        put(bin, Float.floatToIntBits(-1f));
        Files.write(folder.resolve("model.ncnn.bin"), bin.toByteArray());
        Files.writeString(folder.resolve("metadata.yaml"), "description: Ultralytics tiny model\n"
                + "author: Ultralytics\nstride: 32\ntask: detect\nbatch: 1\nimgsz:\n- 32\n- 48\nnames:\n"
                + "  0: person\n  1: bicycle\n");

        NcnnGraph g = ParamParserTest.parse(Files.readString(param));
        assertThat(InputShapes.channelsFromConsumer(g, 0)).isEqualTo(3);
        // the checks above ran without libncnn; the rest needs it: skip (not pass) where it is missing
        NcnnTesting.requireNcnn();
        try (BackendSession s = new NcnnBackendProvider().open(ModelSource.of(param), BackendOptions.of(1,
                Map.of()))) {
            assertThat(s.inputs().get(0).name()).isEqualTo("in0");
            assertThat(s.inputs().get(0).shape()).containsExactly(1, 3, 32, 48);
            assertThat(s.outputs().get(0).name()).isEqualTo("out0");
            assertThat(s.outputs().get(0).shape()).containsExactly(1, 2, 32, 48);
            FloatBuffer in = s.inputBuffer(0).asFloatBuffer();
            for (int i = 0; i < 3 * 32 * 48; i++) {
                in.put(i, i / (32 * 48) + 1); // channel c holds c + 1
            }
            s.run();
            FloatBuffer out = s.output(0);
            assertThat(out.get(0)).isEqualTo(1 * 1 + 0.25f);
            assertThat(out.get(32 * 48)).isEqualTo(3 * 2 - 1f);
        }
    }

    private static void put(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }
}
