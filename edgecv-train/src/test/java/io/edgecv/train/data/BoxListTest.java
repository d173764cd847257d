package io.edgecv.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mutable box list: growth, removal in order, and the arrays handed to loss code. */
class BoxListTest {
    @Test
    void growsRemovesInOrderAndHandsOutScaledCorners() {
        BoxList boxes = new BoxList();
        for (int i = 0; i < 40; i++) { // past the first capacity of 16
            boxes.add(i, 2 * i, i + 10, 2 * i + 20, i % 3);
        }
        boxes.remove(0);
        boxes.remove(5); // was box 6

        assertThat(boxes.size()).isEqualTo(38);
        assertThat(boxes.x1(0)).isEqualTo(1);
        assertThat(boxes.x1(5)).isEqualTo(7);
        assertThat(boxes.y2(37)).isEqualTo(2 * 39 + 20);

        float[] reuse = new float[4 * 40];
        float[] normalised = boxes.corners(reuse, 1f / 100, 1f / 200);
        assertThat(normalised).isSameAs(reuse);
        // box 5 is (7, 14, 17, 34) -> (0.07, 0.07, 0.17, 0.17)
        assertThat(new float[] {normalised[20], normalised[21], normalised[22], normalised[23]})
                .containsExactly(7 / 100f, 14 / 200f, 17 / 100f, 34 / 200f);
        assertThat(boxes.corners(new float[3], 1, 1)).hasSize(4 * 38);
        assertThat(boxes.classIndices(null)).startsWith(1, 2, 0, 1, 2, 1);

        boxes.clear();
        boxes.setAll(List.of(new Box(1, 2, 3, 4, 5, "five")));
        assertThat(boxes.toBoxes(List.of("zero"))).containsExactly(new Box(1, 2, 3, 4, 5, "class 5"));
    }
}
