package io.edgecv.video.metrics;

import static io.edgecv.video.metrics.PyMotmetricsReferenceTest.d;
import static io.edgecv.video.metrics.PyMotmetricsReferenceTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Small identity cases with their MOTA, IDF1 and switch counts as published in the {@code test_kscore_*} cases of a
 * py-motmetrics derivative's {@code tests/test_metrics.py} (same accumulator and metric definitions as upstream;
 * the cases add the IDF1 coverage upstream's synthetic tests lack). Hypothesis 'a' is 1, 'b' 2, and so on.
 */
class IdentityScoreCasesTest {
    private static final double NAN = Double.NaN;
    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int D = 4;

    @Test
    void oneShortSwitchAndBack() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 10; f++) {
            acc.update(f, ids(1), ids(f != 5 ? A : B), d(0.5));
        }
        assertCase(acc, 0.8, 0.9, 2);
    }

    @Test
    void threeSegments() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 10; f++) {
            acc.update(f, ids(1), ids(f < 4 ? A : f < 7 ? B : C), d(0.5));
        }
        assertCase(acc, 0.8, 0.4, 2);
    }

    @Test
    void newIdEveryFrameAfterFour() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 10; f++) {
            acc.update(f, ids(1), ids(f < 4 ? A : 1 + f - 3), d(0.5));
        }
        assertCase(acc, 0.4, 0.4, 6);
    }

    @Test
    void newIdEveryFrame() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 10; f++) {
            acc.update(f, ids(1), ids(1 + f), d(0.5));
        }
        assertCase(acc, 0.1, 0.1, 9);
    }

    @Test
    void perfect() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 10; f++) {
            acc.update(f, ids(1), ids(A), d(0.5));
        }
        assertCase(acc, 1, 1, 0);
    }

    @Test
    void lateStartEarlyEndWithSwitch() {
        MotAccumulator acc = new MotAccumulator();
        int[] hyp = {0, 0, A, A, A, A, A, B, 0, 0};
        for (int f = 0; f < 10; f++) {
            if (hyp[f] == 0) {
                acc.update(f, ids(1), ids(), d());
            } else {
                acc.update(f, ids(1), ids(hyp[f]), d(0.5));
            }
        }
        assertCase(acc, 0.5, 0.625, 1);
    }

    @Test
    void twoObjectsTradingIds() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 3; f++) {
            acc.update(f, ids(1, 2), ids(A, B), d(0, NAN, NAN, 0));
        }
        for (int f = 3; f < 7; f++) {
            acc.update(f, ids(1, 2), ids(B, C), d(0, NAN, NAN, 0));
        }
        acc.update(7, ids(2), ids(C), d(0.5));
        acc.update(8, ids(2), ids(C), d(0.5));
        assertCase(acc, 0.875, 0.625, 2);
    }

    @Test
    void hypothesisOutlivesItsObject() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 3; f++) {
            acc.update(f, ids(1, 2), ids(A, D), d(0, NAN, NAN, 0));
        }
        for (int f = 3; f < 7; f++) {
            acc.update(f, ids(1, 2), ids(B, C), d(0, NAN, NAN, 0));
        }
        acc.update(7, ids(2), ids(C), d(0.5));
        acc.update(8, ids(), ids(C), d());
        assertCase(acc, 0.8, 0.580645161, 2);
        assertThat(acc.metrics().numFalsePositives()).isEqualTo(1);
    }

    @Test
    void oneHypothesisMovesToAnotherObject() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 4; f++) {
            acc.update(f, ids(1, 2), ids(A), d(0, NAN));
        }
        for (int f = 4; f < 7; f++) {
            acc.update(f, ids(1, 2), ids(A), d(NAN, 0));
        }
        assertCase(acc, 0.5, 0.380952380952, 0);
    }

    @Test
    void objectIdChangesUnderOneHypothesis() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 9; f++) {
            acc.update(f, ids(f < 5 ? 1 : 2), ids(A), d(0));
        }
        assertCase(acc, 1, 0.55555555555, 0);
    }

    private static void assertCase(MotAccumulator acc, double mota, double idf1, long switches) {
        MotMetrics m = acc.metrics();
        assertThat(m.mota()).as("MOTA").isCloseTo(mota, within(1e-9));
        assertThat(m.idf1()).as("IDF1").isCloseTo(idf1, within(1e-9));
        assertThat(m.numSwitches()).as("switches").isEqualTo(switches);
    }
}
