package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.model.Labels;
import io.edgecv.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data set class names onto the real SSD-MobileNetV2 Open Images label map (24 labels, 0 = background ???). */
class ClassMappingTest {
    private List<String> ssd;

    @BeforeEach
    void labels() throws Exception {
        ssd = Labels.read(Fixtures.model("object_detection_oidv4_labelmap.txt"));
    }

    private static LabelSet set(List<String> names, List<Box> boxes) {
        LabelledImage img = new LabelledImage(Path.of("/data/a.jpg"), 100, 100, boxes);
        return new LabelSet(LabelFormat.YOLO, Path.of("/data"), names, List.of(img));
    }

    @Test
    void mapsNamesExactlyIgnoringCaseAndByAlias() throws Exception {
        LabelSet set = set(List.of("dog", "Person", "motorbike", "pottedplant"), List.of(
                new Box(1, 1, 5, 5, 0, "dog"), new Box(2, 2, 6, 6, 1, "Person"),
                new Box(3, 3, 7, 7, 2, "motorbike"), new Box(4, 4, 8, 8, 3, "pottedplant")));

        ClassMapping m = ClassMapping.builder().setModelLabels(ssd).optAlias("motorbike", "Bicycle")
                .optDrop("pottedplant").build(set);

        // the label map: line 20 is Dog, 4 Person, 1 Bicycle
        assertThat(m.modelClass(0)).isEqualTo(20);
        assertThat(m.modelClass(1)).isEqualTo(4);
        assertThat(m.modelClass(2)).isEqualTo(1);
        assertThat(m.modelClass(3)).isEqualTo(-1);
        LabelSet mapped = m.apply(set);
        assertThat(mapped.classNames()).isEqualTo(ssd);
        assertThat(mapped.images().get(0).boxes()).containsExactly(new Box(1, 1, 5, 5, 20, "Dog"),
                new Box(2, 2, 6, 6, 4, "Person"), new Box(3, 3, 7, 7, 1, "Bicycle"));
    }

    @Test
    void namesTheModelLacksAreRefusedTogether() {
        LabelSet set = set(List.of("dog", "sofa", "tvmonitor"), List.of());

        assertThatThrownBy(() -> ClassMapping.builder().setModelLabels(ssd).build(set))
                .isInstanceOfSatisfying(LabelException.class, e -> {
                    assertThat(e.value()).isEqualTo("sofa, tvmonitor");
                    assertThat(e.file()).isEqualTo(Path.of("/data"));
                })
                .hasMessageContaining("Computer monitor").hasMessageContaining("optAlias")
                .hasMessageContaining("optDrop");
        assertThatThrownBy(() -> ClassMapping.builder().build(set)).isInstanceOf(IllegalStateException.class);
    }
}
