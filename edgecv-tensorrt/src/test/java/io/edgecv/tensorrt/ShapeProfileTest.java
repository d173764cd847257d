package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeProfileTest {
    @Test
    void fixedShapesAreMinOptAndMax() {
        ShapeProfile p = ShapeProfile.parse("images:1x3x640x640, mask:1X1", null, null, null);
        assertThat(p.inputs()).containsExactly("images", "mask");
        long[][] s = p.get("images");
        assertThat(s[0]).containsExactly(1, 3, 640, 640);
        assertThat(s[1]).containsExactly(1, 3, 640, 640);
        assertThat(s[2]).containsExactly(1, 3, 640, 640);
        assertThat(p.get("mask")[2]).containsExactly(1, 1);
        assertThat(p.get("absent")).isNull();
    }

    @Test
    void namesWithColonsSplitAtTheLastOne() {
        ShapeProfile p = ShapeProfile.parse("input:0:1x128x128x3,'x:y':2x2", null, null, null);
        assertThat(p.get("input:0")[0]).containsExactly(1, 128, 128, 3);
        assertThat(p.get("x:y")[0]).containsExactly(2, 2);
    }

    @Test
    void rangesNeedAllThreeOrderedAndAligned() {
        ShapeProfile p = ShapeProfile.parse(null, "x:1x3x320x320", "x:1x3x640x640", "x:4x3x1280x1280");
        long[][] s = p.get("x");
        assertThat(s[0]).containsExactly(1, 3, 320, 320);
        assertThat(s[1]).containsExactly(1, 3, 640, 640);
        assertThat(s[2]).containsExactly(4, 3, 1280, 1280);
        assertThatThrownBy(() -> ShapeProfile.parse(null, "x:1x3", null, "x:1x3"))
                .hasMessageContaining("set all three").hasMessageContaining("only 2 given");
        assertThatThrownBy(() -> ShapeProfile.parse(null, "x:1x3x640", "x:1x3x320", "x:1x3x640"))
                .hasMessageContaining("min <= opt <= max");
        assertThatThrownBy(() -> ShapeProfile.parse(null, "x:1x3", "y:1x3", "x:1x3"))
                .hasMessageContaining("must name the same inputs");
        assertThatThrownBy(() -> ShapeProfile.parse(null, "x:1x3", "x:1x3x3", "x:1x3"))
                .hasMessageContaining("different ranks");
        assertThatThrownBy(() -> ShapeProfile.parse("x:1x3", "x:1x3", "x:1x3", "x:1x3"))
                .hasMessageContaining("in both");
    }

    @Test
    void malformedListsAreRefusedWithTheKey() {
        assertThatThrownBy(() -> ShapeProfile.parse("images", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensorrt.shapes")
                .hasMessageContaining("not name:dims");
        assertThatThrownBy(() -> ShapeProfile.parse("images:1x3xNx640", null, null, null))
                .hasMessageContaining("dimension 'N'");
        assertThatThrownBy(() -> ShapeProfile.parse("images:1x0", null, null, null))
                .hasMessageContaining("1 or more");
        assertThatThrownBy(() -> ShapeProfile.parse("a:1,a:2", null, null, null)).hasMessageContaining("twice");
        assertThatThrownBy(() -> ShapeProfile.parse(" , ", null, null, null)).hasMessageContaining("is empty");
    }

    @Test
    void canonicalTextIsSortedAndStable() {
        ShapeProfile a = ShapeProfile.parse("b:1x2,a:3x4", null, null, null);
        ShapeProfile b = ShapeProfile.parse("a:3x4,b:1x2", null, null, null);
        assertThat(a.canonical()).isEqualTo("a=3x4/3x4/3x4;b=1x2/1x2/1x2;").isEqualTo(b.canonical());
        assertThat(a).isEqualTo(b);
        assertThat(ShapeProfile.parse(null, null, null, null).canonical()).isEqualTo("none");
    }
}
