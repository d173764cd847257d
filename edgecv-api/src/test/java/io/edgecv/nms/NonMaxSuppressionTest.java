package io.edgecv.nms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {
    private final NonMaxSuppression nms = new NonMaxSuppression();

    @Test
    void classAwareKeepsOverlappingBoxesOfDifferentClasses() {
        Candidates c = new Candidates(4);
        c.clear(0);
        c.add(0, 0, 10, 10, 0.9f, 1);
        c.add(1, 1, 11, 11, 0.8f, 2); // overlaps box 0, other class
        c.add(1, 0, 10, 10, 0.7f, 1); // overlaps box 0, same class
        assertThat(nms.hard(c, 0.5f, true, 10)).isEqualTo(2);
        assertThat(nms.kept()).startsWith(0, 1);
        assertThat(nms.hard(c, 0.5f, false, 10)).isEqualTo(1);
        assertThat(nms.kept()[0]).isZero();
    }

    @Test
    void iouAtExactlyTheThresholdIsKept() {
        Candidates c = new Candidates(4);
        c.clear(0);
        c.add(0, 0, 2, 1, 0.9f, 0);
        c.add(1, 0, 3, 1, 0.8f, 0); // intersection 1, union 3: IoU 1/3
        assertThat(nms.hard(c, 1f / 3f, false, 10)).isEqualTo(2);
        assertThat(nms.hard(c, 0.33f, false, 10)).isEqualTo(1);
    }

    @Test
    void negativeAndZeroScoresSortBelowPositive() {
        Candidates c = new Candidates(4);
        c.clear(0);
        c.add(0, 0, 1, 1, -0.5f, 0);
        c.add(5, 5, 6, 6, -1.0f, 0);
        c.add(10, 10, 11, 11, 0f, 0);
        c.add(20, 20, 21, 21, 0.1f, 0);
        assertThat(nms.hard(c, 0.5f, false, 10)).isEqualTo(4);
        assertThat(nms.kept()).startsWith(3, 2, 0, 1);
    }

    @Test
    void degenerateBoxesNeverSuppress() {
        Candidates c = new Candidates(4);
        c.clear(0);
        c.add(5, 5, 5, 5, 0.9f, 0); // zero area
        c.add(0, 0, 10, 10, 0.8f, 0);
        assertThat(nms.hard(c, 0.1f, false, 10)).isEqualTo(2);
    }

    @Test
    void weightedBlendsOverlapsByScoreAndKeepsTheTopScore() {
        Candidates in = new Candidates(4);
        in.clear(1);
        int a = in.add(0, 0, 10, 10, 0.75f, 0);
        in.setKeypoint(a, 0, 5, 5);
        int b = in.add(2, 0, 12, 10, 0.25f, 0); // IoU 8/12 with a
        in.setKeypoint(b, 0, 9, 5);
        int far = in.add(100, 100, 110, 110, 0.5f, 0);
        in.setKeypoint(far, 0, 105, 105);
        Candidates out = new Candidates(4);
        nms.weighted(in, 0.3f, 10, out);
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.scores()[0]).isEqualTo(0.75f);
        assertThat(out.boxes()[0]).isCloseTo(0.5f, within(1e-6f)); // (0.75*0 + 0.25*2) / 1
        assertThat(out.boxes()[2]).isCloseTo(10.5f, within(1e-6f));
        assertThat(out.keypoints()[0]).isCloseTo(6f, within(1e-6f)); // (0.75*5 + 0.25*9)
        assertThat(out.scores()[1]).isEqualTo(0.5f);
        assertThat(out.boxes()[4]).isEqualTo(100f);
    }

    @Test
    void suppressDispatchesOnTheKindAndSaysWhereTheKeptBoxesAre() {
        Candidates c = new Candidates(4);
        c.clear(0);
        c.add(0, 0, 10, 10, 0.5f, 1);
        c.add(1, 0, 11, 10, 0.9f, 2); // overlaps box 0 by 9/11, other class
        c.add(50, 50, 60, 60, 0.7f, 1);
        Candidates merged = new Candidates(4);
        assertThat(nms.suppress(io.edgecv.nms.NmsKind.HARD_CLASS_AWARE, c, 0.5f, 10, merged)).isSameAs(c);
        assertThat(nms.keptCount()).isEqualTo(3);
        assertThat(nms.kept()).startsWith(1, 2, 0);
        assertThat(nms.suppress(io.edgecv.nms.NmsKind.HARD_CLASS_AGNOSTIC, c, 0.5f, 10, merged)).isSameAs(c);
        assertThat(nms.keptCount()).isEqualTo(2);
        assertThat(nms.kept()).startsWith(1, 2);
        assertThat(nms.suppress(io.edgecv.nms.NmsKind.NONE, c, 0.5f, 2, merged)).isSameAs(c);
        assertThat(nms.keptCount()).isEqualTo(2);
        assertThat(nms.kept()).startsWith(1, 2);
        assertThat(nms.suppress(io.edgecv.nms.NmsKind.WEIGHTED, c, 0.5f, 10, merged)).isSameAs(merged);
        assertThat(nms.keptCount()).isEqualTo(2).isEqualTo(merged.size());
        assertThat(nms.kept()).startsWith(0, 1);
        assertThat(merged.scores()[0]).isEqualTo(0.9f);
    }

    @Test
    void reusesWorkArraysAcrossCallsOfDifferentSizes() {
        Candidates c = new Candidates(4);
        for (int round = 0; round < 3; round++) {
            c.clear(0);
            int n = round == 1 ? 500 : 5;
            for (int i = 0; i < n; i++) {
                c.add(i * 20, 0, i * 20 + 10, 10, (i % 7) / 7f, 0);
            }
            assertThat(nms.hard(c, 0.5f, false, 1000)).isEqualTo(n);
        }
    }
}
