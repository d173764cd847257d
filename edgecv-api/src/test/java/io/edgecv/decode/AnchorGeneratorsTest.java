package io.edgecv.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.decode.blazeface.BlazeFaceAnchorGenerator;
import io.edgecv.decode.ssd.SsdAnchorGenerator;
import org.junit.jupiter.api.Test;

class AnchorGeneratorsTest {
    @Test
    void ssdMobileNetV2Has1917AnchorsLaidOutAsTheObjectDetectionApiDoes() {
        Anchors a = SsdAnchorGenerator.mobileNetV2().generate();
        assertThat(a.size()).isEqualTo(1917); // 19*19*3 + (100 + 25 + 9 + 4 + 1) * 6
        // layer 0, cell (0, 0): (0.1, 1), (0.2, 2), (0.2, 0.5)
        float c = 0.5f / 19;
        assertThat(a.cx(0)).isCloseTo(c, within(1e-6f));
        assertThat(a.w(0)).isCloseTo(0.1f, within(1e-6f));
        assertThat(a.w(1)).isCloseTo((float) (0.2 * Math.sqrt(2)), within(1e-6f));
        assertThat(a.h(2)).isCloseTo((float) (0.2 / Math.sqrt(0.5)), within(1e-6f));
        // cell (0, 1) of layer 0 starts at index 3: next column
        assertThat(a.cx(3)).isCloseTo(1.5f / 19, within(1e-6f));
        assertThat(a.cy(3)).isCloseTo(c, within(1e-6f));
        // layer 1 starts at 1083: scale 0.35, ratios 1, 2, 0.5, 3, 1/3, then sqrt(0.35 * 0.5)
        assertThat(a.w(1083)).isCloseTo(0.35f, within(1e-6f));
        assertThat(a.w(1088)).isCloseTo((float) Math.sqrt(0.35 * 0.5), within(1e-6f));
        // last anchor: layer 5 (1x1), scale 0.95, interpolated with s_6 = 1
        assertThat(a.cx(1916)).isEqualTo(0.5f);
        assertThat(a.w(1916)).isCloseTo((float) Math.sqrt(0.95), within(1e-6f));
    }

    @Test
    void blazeFaceShortRangeHas896AnchorsOnTwoGrids() {
        Anchors a = new BlazeFaceAnchorGenerator(128, new int[] {8, 16, 16, 16}, 2).generate();
        assertThat(a.size()).isEqualTo(896);
        assertThat(a.cx(0)).isEqualTo(0.5f / 16);
        assertThat(a.cx(1)).isEqualTo(0.5f / 16); // two anchors per cell
        assertThat(a.cx(2)).isEqualTo(1.5f / 16);
        assertThat(a.cx(512)).isEqualTo(0.5f / 8); // 8x8 grid, six anchors per cell
        assertThat(a.cx(517)).isEqualTo(0.5f / 8);
        assertThat(a.cx(518)).isEqualTo(1.5f / 8);
        assertThat(a.w(600)).isEqualTo(1f);
    }

    @Test
    void blazeFaceFullRangeHas2304AnchorsOnOneGrid() {
        Anchors a = new BlazeFaceAnchorGenerator(192, new int[] {4}, 1).generate();
        assertThat(a.size()).isEqualTo(2304);
        assertThat(a.cy(48)).isEqualTo(1.5f / 48);
    }
}
