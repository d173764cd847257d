package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which initialisers of a YOLO export are decoding constants, and the frozen pattern that adds them. */
class DecodeConstantsTest {
    @Test
    void arithmeticOnlyInitialisersAndTheDflKernelAreConstantsWeightsAreNot() {
        ModelProto m = new TestGraphs(7).input("x", 1, 16, 4, 4)
                .weight("model.0.conv.weight", 0, 0.5, 16, 16, 1, 1)
                .weight("model.22.dfl.conv.weight", 0, 1, 1, 16, 1, 1)
                .weight("anchor_points", 0, 1, 1, 1, 4, 4)
                .weight("shared", 0, 1, 16)
                .node("Conv", new String[] {"x", "model.0.conv.weight", "shared"}, new String[] {"c"})
                .node("Conv", new String[] {"c", "model.22.dfl.conv.weight"}, new String[] {"d"})
                .node("Sub", new String[] {"d", "anchor_points"}, new String[] {"e"})
                .node("Reshape", new String[] {"shared", "shape"}, new String[] {"r"})
                .longs("shape", 1, 16, 1, 1)
                .node("Add", new String[] {"c", "r"}, new String[] {"y"})
                .output("e").output("y").model(13);
        Set<String> constants = DecodeConstants.of(m);
        // "shared" is a Conv bias and also reshaped into an Add: a weight, since not only arithmetic reads it
        assertThat(constants).containsExactlyInAnyOrder("model.22.dfl.conv.weight", "anchor_points");
        Pattern p = DecodeConstants.plus(Pattern.compile("backbone\\..*"), constants);
        assertThat(p.matcher("backbone.1.weight").matches()).isTrue();
        assertThat(p.matcher("anchor_points").matches()).isTrue();
        assertThat(p.matcher("model.22.dfl.conv.weight").matches()).isTrue();
        assertThat(p.matcher("model.0.conv.weight").matches()).isFalse();
        assertThat(p.matcher("anchor_points2").matches()).isFalse();
        assertThat(DecodeConstants.plus(Pattern.compile("(?!)"), Set.of()).pattern()).isEqualTo("(?!)");
    }
}
