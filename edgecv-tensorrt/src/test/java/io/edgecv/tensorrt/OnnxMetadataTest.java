package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.edgecv.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxMetadataTest {
    /** Cross-checks the reader against ONNX Runtime on the real fixture models. */
    @Test
    void agreesWithOnnxRuntimeOnTheFixtureModels() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (String name : new String[] {Fixtures.SSD_ONNX, Fixtures.FACE_FRONT_ONNX, Fixtures.FACE_BACK_ONNX}) {
            Path model = Fixtures.model(name);
            byte[] bytes = Files.readAllBytes(model);
            Map<String, String> expected;
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                 OrtSession s = env.createSession(bytes, o)) {
                expected = s.getMetadata().getCustomMetadata();
            }
            assertThat(OnnxMetadata.read(bytes)).as(name).isEqualTo(expected);
        }
    }

    @Test
    void readsMetadataPropsAroundOtherFields() {
        byte[] model = concat(varintField(1, 8), bytesField(2, "exporter".getBytes(StandardCharsets.UTF_8)),
                bytesField(7, new byte[300]), entry("names", "{0: 'person', 1: 'bicycle'}"),
                fixed64Field(9), entry("imgsz", "[640, 640]"), entry("stride", "32"), fixed32Field(11));
        assertThat(OnnxMetadata.read(model)).containsExactly(Map.entry("names", "{0: 'person', 1: 'bicycle'}"),
                Map.entry("imgsz", "[640, 640]"), Map.entry("stride", "32"));
    }

    @Test
    void malformedBytesGiveWhatWasReadAndNeverThrow() {
        byte[] good = concat(entry("a", "1"), entry("b", "2"));
        for (int cut = 0; cut < good.length; cut++) {
            Map<String, String> m = OnnxMetadata.read(Arrays.copyOf(good, cut));
            assertThat(m.size()).isLessThanOrEqualTo(2);
        }
        assertThat(OnnxMetadata.read(concat(entry("a", "1"), new byte[] {(byte) 0x73}))).containsOnlyKeys("a");
        byte[] hugeLength = {0x72, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertThat(OnnxMetadata.read(hugeLength)).isEmpty();
        byte[] random = new byte[10_000];
        new java.util.Random(42).nextBytes(random);
        OnnxMetadata.read(random);
        assertThat(OnnxMetadata.read(new byte[0])).isEmpty();
    }

    static byte[] entry(String key, String value) {
        return bytesField(14, concat(bytesField(1, key.getBytes(StandardCharsets.UTF_8)),
                bytesField(2, value.getBytes(StandardCharsets.UTF_8))));
    }

    static byte[] bytesField(int field, byte[] payload) {
        return concat(varint((field << 3) | 2), varint(payload.length), payload);
    }

    static byte[] varintField(int field, long value) {
        return concat(varint(field << 3), varint(value));
    }

    static byte[] fixed64Field(int field) {
        return concat(varint((field << 3) | 1), new byte[8]);
    }

    static byte[] fixed32Field(int field) {
        return concat(varint((field << 3) | 5), new byte[4]);
    }

    static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
