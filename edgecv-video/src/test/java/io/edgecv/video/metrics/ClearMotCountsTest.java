package io.edgecv.video.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mostly tracked / partially tracked / mostly lost and fragmentations on a sequence whose values are worked out by
 * hand from py-motmetrics' definitions (a ratio of tracked frames >= 0.8, in [0.2, 0.8), < 0.2; a fragmentation is a
 * tracked-to-missed step between an object's first and last tracked frame), so they are checked without the
 * TUD-Campus files.
 */
class ClearMotCountsTest {
    @Test
    void trackedRatiosAndFragmentations() {
        // tracked (true) or missed (false) per frame; hypothesis id = object id + 100 when tracked
        boolean[][] objects = {
            {true, true, true, false, false, true, true, false, true, false}, // 6/10 PT, 2 fragmentations
            {true, true, true, true, true, true, true, true, true, true},     // 10/10 MT
            {false, false, false, false, false},                              // 0/5 ML
            {false, false, true, false, false},                               // 1/5 = 0.2 PT, no fragmentation
            {false, true, true, true, true, true, true, true, true, false},   // 8/10 MT, misses outside the span
            {true, true, true, true, true, true, true, false, false, false},  // 7/10 PT, misses after the span
        };
        MotAccumulator acc = new MotAccumulator();
        for (int f = 0; f < 10; f++) {
            List<Integer> oids = new ArrayList<>();
            List<Integer> hids = new ArrayList<>();
            for (int o = 0; o < objects.length; o++) {
                if (f < objects[o].length) {
                    oids.add(o + 1);
                    if (objects[o][f]) {
                        hids.add(o + 101);
                    }
                }
            }
            double[] d = new double[oids.size() * hids.size()];
            for (int i = 0; i < oids.size(); i++) {
                for (int j = 0; j < hids.size(); j++) {
                    d[i * hids.size() + j] = hids.get(j) == oids.get(i) + 100 ? 0.25 : Double.NaN;
                }
            }
            acc.update(f, oids.stream().mapToInt(Integer::intValue).toArray(),
                    hids.stream().mapToInt(Integer::intValue).toArray(), d);
        }
        MotMetrics m = acc.metrics();
        assertThat(m.numUniqueObjects()).isEqualTo(6);
        assertThat(m.mostlyTracked()).isEqualTo(2);
        assertThat(m.partiallyTracked()).isEqualTo(3);
        assertThat(m.mostlyLost()).isEqualTo(1);
        assertThat(m.numFragmentations()).isEqualTo(2);
        assertThat(m.numObjects()).isEqualTo(50);
        assertThat(m.numDetections()).isEqualTo(32);
        assertThat(m.numMisses()).isEqualTo(18);
        assertThat(m.numFalsePositives()).isZero();
        assertThat(m.numSwitches()).isZero();
        assertThat(m.recall()).isCloseTo(32 / 50.0, within(1e-12));
        assertThat(m.precision()).isEqualTo(1.0);
        assertThat(m.mota()).isCloseTo(1 - 18 / 50.0, within(1e-12));
        assertThat(m.motp()).isCloseTo(0.25, within(1e-12));
        assertThat(m.idf1()).isCloseTo(2 * 32 / 82.0, within(1e-12));
    }
}
