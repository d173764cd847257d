package io.edgecv.video.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The hand-written event sequences of py-motmetrics' own tests ({@code motmetrics/tests/test_mot.py} and
 * {@code test_metrics.py}, cheind/py-motmetrics), transcribed with their published expected values. Their string
 * hypothesis ids ('a', 'b', ...) become integers; NaN marks a pair that may not be matched, as there.
 */
class PyMotmetricsReferenceTest {
    private static final double NAN = Double.NaN;

    /** The sequence shared by test_events, test_mota_motp and test_extract_counts. */
    private static MotAccumulator eventsSequence() {
        MotAccumulator acc = new MotAccumulator();
        acc.update(0, ids(), ids(1, 2), d()); // all FP
        acc.update(1, ids(1, 2), ids(), d()); // all miss
        acc.update(2, ids(1, 2), ids(1, 2), d(1, 0.5, 0.3, 1)); // match
        acc.update(3, ids(1, 2), ids(1, 2), d(0.2, NAN, NAN, 0.1)); // switch
        acc.update(4, ids(1, 2), ids(1, 2), d(5, 1, 1, 5)); // match: history wins over a cheaper new pairing
        acc.update(5, ids(), ids(), d()); // no data
        return acc;
    }

    @Test
    void testEvents() {
        List<String> events = eventsSequence().events().stream().map(PyMotmetricsReferenceTest::describe)
                .collect(Collectors.toList());
        assertThat(events).containsExactly(
                "0 FP - 1", "0 FP - 2",
                "1 MISS 1 -", "1 MISS 2 -",
                "2 MATCH 1 2 0.5", "2 MATCH 2 1 0.3",
                "3 TRANSFER 1 1 0.2", "3 SWITCH 1 1 0.2", "3 TRANSFER 2 2 0.1", "3 SWITCH 2 2 0.1",
                "4 MATCH 1 1 5.0", "4 MATCH 2 2 5.0");
    }

    @Test
    void testMotaMotp() {
        MotMetrics m = eventsSequence().metrics();
        assertThat(m.numMatches()).isEqualTo(4);
        assertThat(m.numFalsePositives()).isEqualTo(2);
        assertThat(m.numMisses()).isEqualTo(2);
        assertThat(m.numSwitches()).isEqualTo(2);
        assertThat(m.numDetections()).isEqualTo(6);
        assertThat(m.numObjects()).isEqualTo(8);
        assertThat(m.numPredictions()).isEqualTo(8);
        assertThat(m.mota()).isCloseTo(1. - (2 + 2 + 2) / 8., within(1e-12));
        assertThat(m.motp()).isCloseTo(11.1 / 6, within(1e-12));
        assertThat(m.numFrames()).isEqualTo(6);
    }

    @Test
    void testExtractCounts() {
        MotAccumulator acc = eventsSequence();
        assertThat(acc.objectFrames).isEqualTo(Map.of(1, 4, 2, 4));
        assertThat(acc.hypothesisFrames).isEqualTo(Map.of(1, 4, 2, 4));
        assertThat(acc.pairFrames).isEqualTo(Map.of(MotAccumulator.pairKey(1, 1), 3, MotAccumulator.pairKey(1, 2), 2,
                MotAccumulator.pairKey(2, 1), 2, MotAccumulator.pairKey(2, 2), 3));
    }

    @Test
    void testIds() {
        MotAccumulator acc = new MotAccumulator();
        acc.update(0, ids(), ids(), d()); // no data
        acc.update(1, ids(1, 2), ids(1, 2), d(1, 0, 0, 1)); // match
        acc.update(2, ids(1, 2), ids(1, 2), d(0.4, NAN, NAN, 0.4)); // switch, also transfer
        acc.update(3, ids(1, 2), ids(1, 2), d(0, 1, 1, 0)); // match
        acc.update(4, ids(1, 2), ids(2, 3), d(1, 0, 0.4, 0.7)); // ascend (switch)
        acc.update(5, ids(1, 3), ids(2, 3), d(1, 0, 0.4, 0.7)); // migrate (transfer)
        acc.update(6, ids(), ids(), d()); // no data
        MotMetrics m = acc.metrics();
        assertThat(m.numMatches()).isEqualTo(7);
        assertThat(m.numFalsePositives()).isZero();
        assertThat(m.numMisses()).isZero();
        assertThat(m.numSwitches()).isEqualTo(3);
        assertThat(m.numTransfer()).isEqualTo(3);
        assertThat(m.numAscend()).isEqualTo(1);
        assertThat(m.numMigrate()).isEqualTo(1);
        assertThat(m.numDetections()).isEqualTo(10);
        assertThat(m.numObjects()).isEqualTo(10);
        assertThat(m.numPredictions()).isEqualTo(10);
        assertThat(m.mota()).isCloseTo(1. - (0 + 0 + 3) / 10., within(1e-12));
        assertThat(m.motp()).isCloseTo(1.6 / 10, within(1e-12));
        assertThat(m.numFrames()).isEqualTo(7);
    }

    @Test
    void testMaxSwitchTime() {
        MotAccumulator near = new MotAccumulator(1);
        near.update(1, ids(1, 2), ids(1, 2), d(1, 0.5, 0.3, 1)); // 1->b, 2->a
        near.update(2, ids(1, 2), ids(1, 2), d(0.5, NAN, NAN, 0.5)); // 1->a, 2->b
        assertThat(typesAt(near, 2)).containsOnly(MotEvent.Type.SWITCH, MotEvent.Type.TRANSFER)
                .contains(MotEvent.Type.SWITCH);

        MotAccumulator far = new MotAccumulator(1);
        far.update(1, ids(1, 2), ids(1, 2), d(1, 0.5, 0.3, 1));
        far.update(5, ids(1, 2), ids(1, 2), d(0.5, NAN, NAN, 0.5)); // a later frame
        assertThat(typesAt(far, 5)).containsOnly(MotEvent.Type.MATCH, MotEvent.Type.TRANSFER)
                .contains(MotEvent.Type.MATCH);
    }

    @Test
    void testCorrectAverage() {
        // figure 3 of 'Evaluating MOT Performance'
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 4; f++) {
            acc.update(f, ids(1, 2, 3, 4), ids(), d());
        }
        for (int f = 4; f < 8; f++) {
            acc.update(f, ids(4), ids(4), d(0));
        }
        assertThat(acc.metrics().mota()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void testMetricsWithNoEvents() {
        MotMetrics m = new MotAccumulator().metrics();
        assertThat(m.mota()).isNaN();
        assertThat(m.motp()).isNaN();
        assertThat(m.numPredictions()).isZero();
        assertThat(m.numObjects()).isZero();
        assertThat(m.numDetections()).isZero();
        assertThat(m.numFrames()).isZero();
    }

    @Test
    void testAssignmentMetricsWithEmptyGroundtruth() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 4; f++) {
            acc.update(f, ids(), ids(1, 2, 3, 4), d());
        }
        assertEmptyCase(acc.metrics(), 0, 16, 0, 0, 16, 0);
    }

    @Test
    void testAssignmentMetricsWithEmptyPredictions() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 4; f++) {
            acc.update(f, ids(1, 2, 3, 4), ids(), d());
        }
        assertEmptyCase(acc.metrics(), 0, 0, 16, 0, 0, 16);
    }

    @Test
    void testAssignmentMetricsWithBothEmpty() {
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 4; f++) {
            acc.update(f, ids(), ids(), d());
        }
        assertEmptyCase(acc.metrics(), 0, 0, 0, 0, 0, 0);
    }

    private static void assertEmptyCase(MotMetrics m, long matches, long fp, long misses, double idtp, double idfp,
                                        double idfn) {
        assertThat(m.numMatches()).isEqualTo(matches);
        assertThat(m.numFalsePositives()).isEqualTo(fp);
        assertThat(m.numMisses()).isEqualTo(misses);
        assertThat(m.idtp()).isEqualTo(idtp);
        assertThat(m.idfp()).isEqualTo(idfp);
        assertThat(m.idfn()).isEqualTo(idfn);
        assertThat(m.numFrames()).isEqualTo(4);
    }

    static int[] ids(int... ids) {
        return ids;
    }

    static double[] d(double... d) {
        return d;
    }

    private static List<MotEvent.Type> typesAt(MotAccumulator acc, long frame) {
        return acc.events().stream().filter(e -> e.frame() == frame).map(MotEvent::type).collect(Collectors.toList());
    }

    private static String describe(MotEvent e) {
        return e.frame() + " " + e.type() + " " + (e.hasObject() ? e.objectId() : "-") + " "
                + (e.hasHypothesis() ? e.hypothesisId() : "-") + (Double.isNaN(e.distance()) ? "" : " " + e.distance());
    }
}
