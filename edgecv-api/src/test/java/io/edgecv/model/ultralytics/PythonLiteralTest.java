package io.edgecv.model.ultralytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonLiteralTest {
    private static Object parse(String s) throws InvalidModelException {
        return PythonLiteral.parse(s, "test literal");
    }

    @Test
    void readsTheNamesDictUltralyticsWrites() throws Exception {
        Object v = parse("{0: 'person', 1: 'bicycle', 2: 'traffic light', 79: 'toothbrush'}");
        assertThat(v).isEqualTo(Map.of(0L, "person", 1L, "bicycle", 2L, "traffic light", 79L, "toothbrush"));
        assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of(0L, 1L, 2L, 79L));
    }

    @Test
    void readsBothQuoteStylesAndEscapedQuotes() throws Exception {
        // what Python's repr writes for names holding quotes
        Object v = parse("{0: \"person's bag\", 1: 'say \"hi\"', 2: 'it\\'s both \"x\"', 3: \"a\\\\b\"}");
        assertThat(v).isEqualTo(Map.of(0L, "person's bag", 1L, "say \"hi\"", 2L, "it's both \"x\"", 3L, "a\\b"));
    }

    @Test
    void readsUnicodeLiteralAndEscaped() throws Exception {
        Object v = parse("{0: 'café', 1: '人', 2: '\\xe9t\\xe9', 3: '\\u4eba', 4: '\\U0001F600', 5: 'a\\tb\\n'}");
        assertThat(v).isEqualTo(Map.of(0L, "café", 1L, "人", 2L, "été", 3L, "人", 4L, "\uD83D\uDE00", 5L, "a\tb\n"));
    }

    @Test
    void acceptsTrailingCommasWhitespaceAndNewlines() throws Exception {
        Object v = parse("  {\n  0 : 'a' ,\n\t1: 'b',\r\n}  ");
        assertThat(v).isEqualTo(Map.of(0L, "a", 1L, "b"));
        assertThat(parse("[640, 640,]")).isEqualTo(List.of(640L, 640L));
        assertThat(parse("(1,)")).isEqualTo(List.of(1L));
        assertThat(parse("{}")).isEqualTo(Map.of());
    }

    @Test
    void readsScalarsOfExportArgsAndJson() throws Exception {
        Object v = parse("{'batch': 1, 'half': False, 'opset': None, 'nms': True, 'conf': 0.25, 'e': -1.5e-3,"
                + " 'imgsz': (480, 640)}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get("batch")).isEqualTo(1L);
        assertThat(m.get("half")).isEqualTo(false);
        assertThat(m.containsKey("opset")).isTrue();
        assertThat(m.get("opset")).isNull();
        assertThat(m.get("nms")).isEqualTo(true);
        assertThat(m.get("conf")).isEqualTo(0.25);
        assertThat(m.get("e")).isEqualTo(-1.5e-3);
        assertThat(m.get("imgsz")).isEqualTo(List.of(480L, 640L));
        Map<?, ?> json = (Map<?, ?>) parse("{\"0\": \"person\", \"ok\": true, \"none\": null}");
        assertThat(json.get("0")).isEqualTo("person");
        assertThat(json.get("ok")).isEqualTo(true);
        assertThat(json.containsKey("none")).isTrue();
        assertThat(json.get("none")).isNull();
    }

    @Test
    void rejectsWhatIsNotALiteralWithoutEvaluatingIt() {
        assertThatThrownBy(() -> parse("__import__('os').system('rm -rf /')"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("is not a literal");
        assertThatThrownBy(() -> parse("{0: person}"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("'person' is not a literal");
        assertThatThrownBy(() -> parse("{0: 'a' 1: 'b'}"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("expected ',' or '}'");
        assertThatThrownBy(() -> parse("{0: 'a'"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("not closed");
        assertThatThrownBy(() -> parse("{0: 'a}"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("string is not closed");
        assertThatThrownBy(() -> parse("{1, 2}"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("set literals");
        assertThatThrownBy(() -> parse("{0: 'a'} extra"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("after the literal");
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("'''doc'''"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("triple-quoted");
        assertThatThrownBy(() -> parse("{0: '\\x4'}"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("hex");
        assertThatThrownBy(() -> parse("[".repeat(100) + "]".repeat(100)))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> parse("99999999999999999999"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("64-bit");
    }

    @Test
    void messagesNameThePositionAndTheValue() {
        assertThatThrownBy(() -> PythonLiteral.parse("{0: 'a', 1: b}", "metadata 'names' of m.onnx"))
                .hasMessageContaining("metadata 'names' of m.onnx")
                .hasMessageContaining("character 12");
    }
}
