package io.edgecv.model.ultralytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import io.edgecv.model.ModelSignature;
import io.edgecv.spi.ModelSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UltralyticsMetadataTest {
    /** ONNX metadata_props as Ultralytics 8.3 writes them (values through Python's str()). */
    static Map<String, String> onnxProps() {
        Map<String, String> p = new HashMap<>();
        p.put("description", "Ultralytics YOLO11n model trained on coco.yaml");
        p.put("author", "Ultralytics");
        p.put("date", "2024-10-01T12:00:00.123456");
        p.put("version", "8.3.0");
        p.put("license", "AGPL-3.0 License (https://ultralytics.com/license)");
        p.put("docs", "https://docs.ultralytics.com");
        p.put("stride", "32");
        p.put("task", "detect");
        p.put("batch", "1");
        p.put("imgsz", "[480, 640]");
        p.put("names", "{0: 'person', 1: \"person's bag\", 2: 'traffic light'}");
        p.put("args", "{'batch': 1, 'half': False, 'dynamic': False, 'simplify': True, 'opset': None,"
                + " 'nms': False}");
        p.put("channels", "3");
        p.put("end2end", "False");
        return p;
    }

    @Test
    void readsOnnxMetadataProps() throws Exception {
        UltralyticsMetadata m = UltralyticsMetadata.fromProperties(onnxProps(), "yolo11n.onnx");
        assertThat(m.names()).containsExactly("person", "person's bag", "traffic light");
        assertThat(m.imageHeight()).isEqualTo(480);
        assertThat(m.imageWidth()).isEqualTo(640);
        assertThat(m.stride()).isEqualTo(32);
        assertThat(m.task()).isEqualTo("detect");
        assertThat(m.batch()).isEqualTo(1);
        assertThat(m.end2end()).isFalse();
        assertThat(m.nmsExported()).isFalse();
        assertThat(m.hasKeypoints()).isFalse();
        assertThat(m.author()).isEqualTo("Ultralytics");
        assertThat(m.version()).isEqualTo("8.3.0");
        assertThat(m.description()).contains("YOLO11n");
        assertThat(UltralyticsMetadata.isUltralytics(onnxProps())).isTrue();
    }

    @Test
    void readsEnd2EndNmsAndPoseFlags() throws Exception {
        Map<String, String> p = onnxProps();
        p.put("end2end", "True");
        p.put("args", "{'batch': 1, 'nms': True}");
        p.put("kpt_shape", "[17, 3]");
        UltralyticsMetadata m = UltralyticsMetadata.fromProperties(p, "m");
        assertThat(m.end2end()).isTrue();
        assertThat(m.nmsExported()).isTrue();
        assertThat(m.hasKeypoints()).isTrue();
    }

    @Test
    void readsMetadataYaml() throws Exception {
        UltralyticsMetadata m = UltralyticsMetadata.fromYaml(MetadataYamlTest.ULTRALYTICS, "metadata.yaml");
        assertThat(m.names()).hasSize(10).startsWith("person", "bicycle", "traffic light", "yes", "a: b");
        assertThat(m.imageWidth()).isEqualTo(640);
        assertThat(m.imageHeight()).isEqualTo(640);
        assertThat(m.task()).isEqualTo("detect");
        assertThat(m.stride()).isEqualTo(32);
        assertThat(m.end2end()).isFalse();
        assertThat(m.version()).isEqualTo("8.3.0");
    }

    @Test
    void namesMayBeAListAYamlBlockOrJson() throws Exception {
        assertThat(UltralyticsMetadata.fromProperties(Map.of("names", "['a', 'b']"), "m").names())
                .containsExactly("a", "b");
        assertThat(UltralyticsMetadata.fromProperties(Map.of("names", "0: a\n1: b c\n"), "m").names())
                .containsExactly("a", "b c");
        assertThat(UltralyticsMetadata.fromProperties(Map.of("names", "{\"1\": \"b\", \"0\": \"a\"}"), "m").names())
                .containsExactly("a", "b");
        assertThat(UltralyticsMetadata.fromProperties(Map.of("imgsz", "320"), "m").imageWidth()).isEqualTo(320);
    }

    @Test
    void rejectsBadNamesAndSizesClearly() {
        assertThatThrownBy(() -> UltralyticsMetadata.fromProperties(Map.of("names", "{0: 'a', 2: 'c'}"), "m.onnx"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("class id 2")
                .hasMessageContaining("without gaps");
        assertThatThrownBy(() -> UltralyticsMetadata.fromProperties(Map.of("names", "{'x': 'a'}"), "m.onnx"))
                .hasMessageContaining("not an integer class id");
        assertThatThrownBy(() -> UltralyticsMetadata.fromProperties(Map.of("names", "{0: 'a', 1: }"), "m.onnx"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("metadata 'names' of m.onnx");
        assertThatThrownBy(() -> UltralyticsMetadata.fromProperties(Map.of("names", "{0: [1]}"), "m.onnx"))
                .hasMessageContaining("not a name");
        assertThatThrownBy(() -> UltralyticsMetadata.fromProperties(Map.of("imgsz", "[0, 640]"), "m.onnx"))
                .hasMessageContaining("imgsz");
        assertThatThrownBy(() -> UltralyticsMetadata.fromProperties(Map.of("imgsz", "[1, 2, 3]"), "m.onnx"))
                .hasMessageContaining("[height, width]");
        assertThatThrownBy(() -> UltralyticsMetadata.fromProperties(Map.of("stride", "x"), "m.onnx"))
                .hasMessageContaining("stride");
        assertThatThrownBy(() -> UltralyticsMetadata.fromProperties(Map.of("end2end", "maybe"), "m.onnx"))
                .hasMessageContaining("end2end");
    }

    @Test
    void unreadableArgsAreIgnored() throws Exception {
        Map<String, String> p = onnxProps();
        p.put("args", "{'device': device(type='cpu')}");
        assertThat(UltralyticsMetadata.fromProperties(p, "m").nmsExported()).isFalse();
    }

    @Test
    void findsMetadataYamlBesideAModelAndCompletesOwnMetadata(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.ncnn.param");
        Files.writeString(model, "7767517\n1 1\nInput in0 0 1 in0\n");
        ModelSource src = ModelSource.of(model);
        ModelSignature bare = new ModelSignature(src, List.of(), List.of(), Map.of());
        assertThat(UltralyticsMetadata.find(bare)).isEmpty();
        Files.writeString(dir.resolve(UltralyticsMetadata.FILE_NAME), MetadataYamlTest.ULTRALYTICS,
                StandardCharsets.UTF_8);
        assertThat(UltralyticsMetadata.find(bare)).hasValueSatisfying(m -> {
            assertThat(m.names()).hasSize(10);
            assertThat(m.imageWidth()).isEqualTo(640);
        });
        // own metadata without names (classic YOLOv5 writes only stride and names; here only names are missing)
        ModelSignature own = new ModelSignature(src, List.of(), List.of(),
                Map.of("author", "Ultralytics", "stride", "32", "imgsz", "[320, 320]"));
        assertThat(UltralyticsMetadata.find(own)).hasValueSatisfying(m -> {
            assertThat(m.names()).hasSize(10);
            assertThat(m.imageWidth()).isEqualTo(320);
        });
        Files.writeString(dir.resolve(UltralyticsMetadata.FILE_NAME), "names:\n\t0: x\n");
        assertThatThrownBy(() -> UltralyticsMetadata.find(bare)).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("metadata.yaml");
    }

    @Test
    void aLoneNamesKeyOfAnotherExporterIsNotTakenForUltralytics(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.bin");
        Files.write(model, new byte[] {1, 2, 3});
        ModelSource src = ModelSource.of(model);
        assertThat(UltralyticsMetadata.find(new ModelSignature(src, List.of(), List.of(),
                Map.of("names", "['a', 'b']")))).isEmpty();
        assertThat(UltralyticsMetadata.find(new ModelSignature(src, List.of(), List.of(),
                Map.of("names", "a,b")))).isEmpty();
        assertThat(UltralyticsMetadata.isUltralytics(Map.of("names", "{0: 'a'}", "stride", "32"))).isTrue();
        assertThat(UltralyticsMetadata.isUltralytics(Map.of("author", "Ultralytics"))).isTrue();
    }
}
