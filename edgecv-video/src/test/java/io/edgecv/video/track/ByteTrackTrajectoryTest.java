package io.edgecv.video.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.video.metrics.MotMetrics;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ByteTrack on generated trajectories with known ids, scored with the MOT metrics against the ground truth. The
 * thresholds are set where a tracker without motion prediction, without the second association or with a lost
 * buffer too short fails (see each test).
 */
class ByteTrackTrajectoryTest {
    private static final Logger LOG = LoggerFactory.getLogger(ByteTrackTrajectoryTest.class);

    @Test
    void crossingPathsWithTheRearObjectOccludedKeepBothIds() {
        // two pedestrians walking towards each other; the one behind is not detected while they overlap, so
        // only the Kalman velocity carries it through (a static prediction lands 60+ px off: new id)
        Scenario s = new Scenario(100, 1).noise(1.0);
        s.add(1, 50, 200, 5, 0, 40, 100);
        s.add(2, 550, 210, -5, 0, 40, 100).missed(43, 58);
        Scenario.Run run = s.run(ByteTrack.builder().build(), 1);
        MotMetrics m = log("crossing", run.metrics());
        assertThat(m.numSwitches()).isZero();
        assertThat(run.idsFor(1)).hasSize(1);
        assertThat(run.idsFor(2)).hasSize(1).doesNotContainAnyElementsOf(run.idsFor(1));
        assertThat(m.numFalsePositives()).isZero();
        assertThat(m.numMisses()).isEqualTo(15); // the occluded frames: lost tracks are not reported
        assertThat(m.mota()).isGreaterThanOrEqualTo(0.92);
        assertThat(m.idf1()).isGreaterThanOrEqualTo(0.96);
    }

    @Test
    void occlusionOfTwentyDetectionFramesKeepsTheId() {
        Scenario s = new Scenario(100, 2).noise(1.0);
        s.add(1, 100, 100, 2, 1, 50, 120).missed(40, 60);
        Scenario.Run run = s.run(ByteTrack.builder().build(), 1);
        MotMetrics m = log("occlusion", run.metrics());
        assertThat(run.idsFor(1)).hasSize(1);
        assertThat(m.numSwitches()).isZero();
        assertThat(m.numMisses()).isEqualTo(20);
        assertThat(m.numFalsePositives()).isZero();
        assertThat(m.idf1()).isGreaterThanOrEqualTo(0.88); // 2 * 80 / (100 + 80)
    }

    @Test
    void reEntryWithinTheBufferKeepsTheIdAndAfterItGetsANewOne() {
        // leaves the picture for 25 frames (within the 30-frame buffer) and comes back on its course
        Scenario s = new Scenario(120, 3).noise(1.0);
        s.add(1, 100, 100, 3, 0, 40, 100).absent(30, 55);
        Scenario.Run run = s.run(ByteTrack.builder().build(), 1);
        MotMetrics m = log("re-entry", run.metrics());
        assertThat(run.idsFor(1)).hasSize(1);
        assertThat(m.numSwitches()).isZero();
        assertThat(m.numMisses()).isZero(); // re-found at once: a lost track comes back confirmed
        assertThat(m.numFalsePositives()).isZero(); // and is not reported while away
        assertThat(m.mota()).isEqualTo(1.0);

        // away for 40 frames: removed after 30, so it comes back under a new, larger id (one switch, and one
        // frame missed while the new track is unconfirmed)
        Scenario far = new Scenario(120, 3).noise(1.0);
        far.add(1, 100, 100, 3, 0, 40, 100).absent(30, 70);
        Scenario.Run farRun = far.run(ByteTrack.builder().build(), 1);
        MotMetrics fm = log("late re-entry", farRun.metrics());
        assertThat(farRun.idsFor(1)).hasSize(2);
        assertThat(fm.numSwitches()).isEqualTo(1);
        assertThat(fm.numMisses()).isEqualTo(1);
        assertThat(farRun.perFrame.get(119)).singleElement().satisfies(t -> assertThat(t.id()).isGreaterThan(1));
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void noisyBoxesOfManyObjectsEnteringAndLeaving(long seed) {
        Scenario s = randomScene(seed, 150, 6).noise(2.5);
        Scenario.Run run = s.run(ByteTrack.builder().build(), 1);
        MotMetrics m = log("noisy seed " + seed, run.metrics());
        assertThat(m.numSwitches()).isZero();
        assertThat(m.mota()).isGreaterThanOrEqualTo(0.97);
        assertThat(m.idf1()).isGreaterThanOrEqualTo(0.97);
        assertThat(m.mostlyTracked()).isEqualTo(6);
    }

    @Test
    void lowScoreDetectionsAreKeptOnlyByTheSecondAssociation() {
        // a partly occluded person: scores 0.3 for 30 frames; a static low-score false alarm elsewhere
        Scenario s = new Scenario(100, 4).noise(1.0).distractor(500, 50, 40, 90, 0.3f);
        s.add(1, 100, 150, 3, 0, 40, 100).score(30, 60, 0.3f);
        Scenario.Run run = s.run(ByteTrack.builder().build(), 1);
        MotMetrics m = log("low score", run.metrics());
        assertThat(m.numMisses()).isZero();
        assertThat(m.numFalsePositives()).isZero(); // low scores never start a track
        assertThat(run.idsFor(1)).hasSize(1);
        assertThat(m.mota()).isEqualTo(1.0);

        // the same scene with the low band closed (only scores above 0.4 take part): those frames are lost
        Scenario.Run highOnly = s.run(ByteTrack.builder().optLowThreshold(0.4f).build(), 1);
        assertThat(highOnly.metrics().numMisses()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22})
    void detectingOneFrameInThreeKeepsTheFullRateBoxes(long seed) {
        Scenario s = randomScene(seed, 150, 5).noise(2.0);
        Scenario.Run full = s.run(ByteTrack.builder().build(), 1);
        Scenario.Run skip = s.run(ByteTrack.builder().build(), 3);
        assertThat(skip.detectorCalls * 3).isBetween(full.detectorCalls, full.detectorCalls + 3);
        int kept = 0;
        int total = 0;
        for (int f = 0; f < s.frames; f++) {
            for (Track a : full.perFrame.get(f)) {
                total++;
                boolean found = skip.perFrame.get(f).stream()
                        .anyMatch(b -> b.box().iou(a.box().left(), a.box().top(), a.box().right(),
                                a.box().bottom()) >= 0.5f);
                kept += found ? 1 : 0;
            }
        }
        LOG.info("seed {}: skip 2 of 3 keeps {} of {} full-rate boxes within IoU 0.5", seed, kept, total);
        assertThat((double) kept / total).isGreaterThanOrEqualTo(0.9);
        MotMetrics m = log("skip 3 seed " + seed, skip.metrics());
        assertThat(m.numSwitches()).isZero();
        assertThat(m.mota()).isGreaterThanOrEqualTo(0.9);
        assertThat(m.idf1()).isGreaterThanOrEqualTo(0.9);
    }

    /** n objects in horizontal lanes (no two overlap), random speed and size, some entering late or leaving. */
    static Scenario randomScene(long seed, int frames, int n) {
        Random rnd = new Random(seed);
        Scenario s = new Scenario(frames, seed);
        for (int i = 0; i < n; i++) {
            double h = 60 + rnd.nextDouble() * 120;
            double w = h * (0.3 + rnd.nextDouble() * 0.3);
            double vx = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextDouble() * 4);
            double vy = rnd.nextGaussian() * 0.3;
            double x = vx > 0 ? rnd.nextDouble() * 200 : 600 + rnd.nextDouble() * 200;
            Scenario.Obj o = s.add(i + 1, x, 20 + i * 200, vx, vy, w, h);
            if (i % 3 == 1) {
                o.visible(20 + rnd.nextInt(20), frames);
            } else if (i % 3 == 2) {
                o.visible(0, frames - 20 - rnd.nextInt(20));
            }
        }
        return s;
    }

    private static MotMetrics log(String what, MotMetrics m) {
        LOG.info("{}: {}", what, m);
        return m;
    }
}
