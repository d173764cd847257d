package io.edgecv.model.ultralytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataYamlTest {
    /** As PyYAML's safe_dump writes an Ultralytics NCNN export's metadata (width 80: long values fold). */
    static final String ULTRALYTICS = String.join("\n",
            "description: Ultralytics YOLO11n model trained on",
            "  /usr/src/ultralytics/ultralytics/cfg/datasets/coco.yaml",
            "author: Ultralytics",
            "date: '2024-10-01T12:00:00.123456'",
            "version: 8.3.0",
            "license: AGPL-3.0 License (https://ultralytics.com/license)",
            "docs: https://docs.ultralytics.com",
            "stride: 32",
            "task: detect",
            "batch: 1",
            "imgsz:",
            "- 640",
            "- 640",
            "names:",
            "  0: person",
            "  1: bicycle",
            "  2: traffic light",
            "  3: 'yes'",
            "  4: 'a: b'",
            "  5: \"tab\\there \\xe9 \\u4eba\"",
            "  6: it's",
            "  7: 'it''s quoted'",
            "  8: café # a comment",
            "  9: 'a long quoted name that PyYAML folded",
            "    over two lines'",
            "args:",
            "  batch: 1",
            "  half: false",
            "  nms: false",
            "channels: 3",
            "end2end: false",
            "");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String s) throws InvalidModelException {
        return (Map<String, Object>) MetadataYaml.parse(s, "metadata.yaml");
    }

    @Test
    void readsWhatUltralyticsWrites() throws Exception {
        Map<String, Object> m = parse(ULTRALYTICS);
        assertThat(m.get("description"))
                .isEqualTo("Ultralytics YOLO11n model trained on /usr/src/ultralytics/ultralytics/cfg/datasets/coco.yaml");
        assertThat(m.get("date")).isEqualTo("2024-10-01T12:00:00.123456");
        assertThat(m.get("docs")).isEqualTo("https://docs.ultralytics.com");
        assertThat(m.get("imgsz")).isEqualTo(List.of("640", "640"));
        Map<String, Object> names = (Map<String, Object>) m.get("names");
        assertThat(names).containsEntry("0", "person").containsEntry("2", "traffic light")
                .containsEntry("3", "yes").containsEntry("4", "a: b").containsEntry("5", "tab\there é 人")
                .containsEntry("6", "it's").containsEntry("7", "it's quoted").containsEntry("8", "café")
                .containsEntry("9", "a long quoted name that PyYAML folded over two lines");
        assertThat(names.keySet()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat((Map<String, Object>) m.get("args")).containsEntry("nms", "false").containsEntry("batch", "1");
        assertThat(m.get("end2end")).isEqualTo("false");
    }

    @Test
    void readsFlowCollectionsIndentedSequencesAndDocumentMarkers() throws Exception {
        Map<String, Object> m = parse("%YAML 1.1\n---\n# header\nimgsz: [480, 640]\nnames: {0: person,\n"
                + "  1: 'bi, cycle', 2: \"x}\"}\nkpt_shape:\n  - 17\n  - 3\nlist:\n- a: 1\n  b: 2\n- - x\n  - y\n"
                + "empty:\n...\n");
        assertThat(m.get("imgsz")).isEqualTo(List.of("480", "640"));
        assertThat(m.get("names")).isEqualTo(Map.of("0", "person", "1", "bi, cycle", "2", "x}"));
        assertThat(m.get("kpt_shape")).isEqualTo(List.of("17", "3"));
        assertThat(m.get("list")).isEqualTo(List.of(Map.of("a", "1", "b", "2"), List.of("x", "y")));
        assertThat(m).containsKey("empty");
        assertThat(m.get("empty")).isNull();
    }

    @Test
    void emptyDocumentIsNull() throws Exception {
        assertThat(MetadataYaml.parse("# nothing\n\n", "m")).isNull();
    }

    @Test
    void rejectsWhatItDoesNotSupportWithTheLine() {
        assertThatThrownBy(() -> parse("names:\n\t0: person\n")).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("line 2").hasMessageContaining("tabs");
        assertThatThrownBy(() -> parse("a: &x 1\nb: *x\n")).hasMessageContaining("anchors");
        assertThatThrownBy(() -> parse("a: |\n  text\n")).hasMessageContaining("block scalars");
        assertThatThrownBy(() -> parse("a: 1\n   b: 2\n")).hasMessageContaining("line 2")
                .hasMessageContaining("indentation");
        assertThatThrownBy(() -> parse("a: 'open\nb: 2\n")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> parse("a: [1, 2\n")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> parse("a: \"\\q\"\n")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> parse("just words\nmore: 1\n")).isInstanceOf(InvalidModelException.class);
    }
}
