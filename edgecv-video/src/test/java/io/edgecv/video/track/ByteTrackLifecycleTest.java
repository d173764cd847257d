package io.edgecv.video.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.Detection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ByteTrack's lifecycle, settings and per-track state, on hand-made detections. */
class ByteTrackLifecycleTest {
    private static Detection box(float l, float t, float w, float h, float score) {
        return new Detection(l, t, l + w, t + h, score, 0, "person", null);
    }

    private static Detection box(float l, float t, float w, float h, float score, int classId) {
        return new Detection(l, t, l + w, t + h, score, classId, "class " + classId, null);
    }

    @Test
    void defaultsAreTheOriginals() {
        ByteTrack bt = ByteTrack.builder().build();
        assertThat(bt.settings().toString()).isEqualTo("ByteTrack{track 0.500, low 0.100, match 0.800, second 0.500,"
                + " unconfirmed 0.700, new 0.600, buffer 30 @ 30.00 fps, fuseScore true, classAware false}");
        assertThat(bt.maxTimeLost()).isEqualTo(30);
        assertThat(ByteTrack.builder().optFrameRate(60).build().maxTimeLost()).isEqualTo(60);
        assertThat(ByteTrack.builder().optFrameRate(25).optTrackBuffer(60).build().maxTimeLost()).isEqualTo(50);
    }

    @Test
    void badSettingsAreRejectedWhenSet() {
        assertThatThrownBy(() -> ByteTrack.builder().optTrackThreshold(1.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> ByteTrack.builder().optMatchThreshold(0)).hasMessageContaining("match threshold");
        assertThatThrownBy(() -> ByteTrack.builder().optTrackBuffer(0)).hasMessageContaining("track buffer");
        assertThatThrownBy(() -> ByteTrack.builder().optFrameRate(Double.NaN)).hasMessageContaining("frame rate");
        assertThatThrownBy(() -> ByteTrack.builder().optTrackThreshold(0.3f).optLowThreshold(0.4f).build())
                .hasMessageContaining("low threshold 0.4");
    }

    @Test
    void firstUpdateConfirmsAtOnceLaterTracksNeedASecondDetection() {
        ByteTrack bt = ByteTrack.builder().build();
        assertThat(bt.update(List.of(box(10, 10, 40, 100, 0.9f)), 0)).singleElement()
                .satisfies(t -> assertThat(t.id()).isEqualTo(1));
        List<Track> second = bt.update(List.of(box(11, 10, 40, 100, 0.9f), box(300, 10, 40, 100, 0.9f)), 1);
        assertThat(second).extracting(Track::id).containsExactly(1);
        assertThat(bt.liveTracks()).extracting(Track::state).containsExactly(TrackState.TRACKED,
                TrackState.TENTATIVE);
        List<Track> third = bt.update(List.of(box(12, 10, 40, 100, 0.9f), box(301, 10, 40, 100, 0.9f)), 2);
        assertThat(third).extracting(Track::id).containsExactly(1, 2);
        // a tentative track missed once is removed; its id is never reused
        bt.update(List.of(box(13, 10, 40, 100, 0.9f), box(300, 400, 40, 100, 0.9f)), 3);
        bt.update(List.of(box(14, 10, 40, 100, 0.9f)), 4);
        bt.update(List.of(box(15, 10, 40, 100, 0.9f), box(600, 10, 40, 100, 0.9f)), 5);
        assertThat(bt.update(List.of(box(16, 10, 40, 100, 0.9f), box(601, 10, 40, 100, 0.9f)), 6))
                .extracting(Track::id).containsExactly(1, 4);
    }

    @Test
    void scoresBelowTheNewTrackThresholdNeverStartATrack() {
        ByteTrack bt = ByteTrack.builder().build();
        for (int f = 0; f < 5; f++) {
            assertThat(bt.update(List.of(box(10, 10, 40, 100, 0.55f)), f)).isEmpty();
        }
        assertThat(bt.liveTracks()).isEmpty();
    }

    @Test
    void covarianceIsPerTrackAndScaledToTheBoxHeight() {
        ByteTrack bt = ByteTrack.builder().build();
        for (int f = 0; f < 6; f++) {
            bt.update(List.of(box(10 + 2 * f, 10, 20, 50, 0.9f), box(300 + 2 * f, 10, 80, 200, 0.9f)), f);
        }
        double[] small = bt.covarianceOf(1);
        double[] large = bt.covarianceOf(2);
        assertThat(small).isNotNull();
        assertThat(large).isNotNull();
        // every noise term of position, height and their velocities scales with h^2: (200 / 50)^2 = 16
        for (int i : new int[] {0, 1, 3, 4, 5, 7}) {
            assertThat(large[i * 8 + i] / small[i * 8 + i]).as("P[%d][%d]", i, i).isCloseTo(16, within(1e-6));
        }
        // the aspect's noise is fixed, not scaled: equal variances
        assertThat(large[2 * 8 + 2]).isCloseTo(small[2 * 8 + 2], within(1e-12));
        assertThat(small[0]).isNotEqualTo(large[0]);
    }

    @Test
    void skippedFramesDoNotAgeLostTracks() {
        // every frame detected: seen at updates #1..#10 (frames 0..9), then 31 empty updates remove it
        ByteTrack everyFrame = ByteTrack.builder().build();
        for (int f = 0; f < 10; f++) {
            everyFrame.update(List.of(box(10 + f, 10, 40, 100, 0.9f)), f);
        }
        for (int f = 10; f < 40; f++) {
            everyFrame.update(List.of(), f); // updates #11..#40: 30 missed, still in the buffer
        }
        assertThat(everyFrame.liveTracks()).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo(TrackState.LOST));
        everyFrame.update(List.of(), 40); // #41: 31 missed
        assertThat(everyFrame.liveTracks()).isEmpty();

        // one frame in three detected: seen at updates #1..#10 (frames 0..27), predicted in between
        ByteTrack oneInThree = ByteTrack.builder().build();
        long frame = 0;
        for (; frame < 28; frame++) {
            if (frame % 3 == 0) {
                oneInThree.update(List.of(box(10 + frame, 10, 40, 100, 0.9f)), frame);
            } else {
                oneInThree.predict(frame);
            }
        }
        // frames 28..99: 24 empty updates (#11..#34), 48 predicted frames; 72 camera frames since it was seen
        int updates = 10;
        for (; frame < 100; frame++) {
            if (frame % 3 == 0) {
                oneInThree.update(List.of(), frame);
                updates++;
            } else {
                oneInThree.predict(frame);
            }
        }
        assertThat(updates).isEqualTo(34);
        assertThat(oneInThree.liveTracks()).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo(TrackState.LOST));
        // a thousand predicted frames age nothing
        for (; frame < 1100; frame++) {
            oneInThree.predict(frame);
        }
        for (; updates < 40; frame++, updates++) {
            oneInThree.update(List.of(), frame); // #35..#40: 30 missed
        }
        assertThat(oneInThree.liveTracks()).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo(TrackState.LOST));
        oneInThree.update(List.of(), frame); // #41
        assertThat(oneInThree.liveTracks()).isEmpty();
    }

    @Test
    void predictMovesConfirmedTracksAndReportsThemAsPredicted() {
        ByteTrack bt = ByteTrack.builder().build();
        for (int f = 0; f < 30; f += 3) {
            if (f > 0) {
                bt.predict(f - 2);
                bt.predict(f - 1);
            }
            bt.update(List.of(box(100 + 4 * f, 50, 40, 100, 0.9f)), f);
        }
        List<Track> p = bt.predict(28);
        assertThat(p).singleElement().satisfies(t -> {
            assertThat(t.predicted()).isTrue();
            assertThat(t.frameIndex()).isEqualTo(28);
            assertThat(t.lastDetectionFrame()).isEqualTo(27);
            assertThat(t.box().left()).isCloseTo(100 + 4 * 28, within(2f)); // moved by the estimated velocity
        });
    }

    @Test
    void framesMustIncreaseAndResetStartsOver() {
        ByteTrack bt = ByteTrack.builder().build();
        bt.update(List.of(box(10, 10, 40, 100, 0.9f)), 5);
        assertThatThrownBy(() -> bt.update(List.of(), 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frameIndex 5");
        assertThatThrownBy(() -> bt.predict(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bt.update(null, 6)).isInstanceOf(NullPointerException.class);
        bt.reset();
        assertThat(bt.update(List.of(box(10, 10, 40, 100, 0.9f)), 0)).singleElement()
                .satisfies(t -> assertThat(t.id()).isEqualTo(1));
    }

    @Test
    void classAwareMatchingKeepsClassesApart() {
        List<List<Detection>> frames = new ArrayList<>();
        frames.add(List.of(box(10, 10, 40, 100, 0.9f, 0)));
        frames.add(List.of(box(11, 10, 40, 100, 0.9f, 1)));
        frames.add(List.of(box(12, 10, 40, 100, 0.9f, 1)));
        ByteTrack agnostic = ByteTrack.builder().build();
        ByteTrack aware = ByteTrack.builder().optClassAware(true).build();
        List<Track> a = null;
        List<Track> b = null;
        for (int f = 0; f < frames.size(); f++) {
            a = agnostic.update(frames.get(f), f);
            b = aware.update(frames.get(f), f);
        }
        assertThat(a).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(1);
            assertThat(t.classId()).isEqualTo(1);
        });
        assertThat(b).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(2);
            assertThat(t.classId()).isEqualTo(1);
        });
    }
}
