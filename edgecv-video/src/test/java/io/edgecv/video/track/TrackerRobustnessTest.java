package io.edgecv.video.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.edgecv.Detection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input no test scene was built for: random boxes of any size (zero included), any score, any count. */
class TrackerRobustnessTest {
    @ParameterizedTest
    @ValueSource(strings = {"bytetrack", "bytetrack-class-aware", "sort"})
    void randomDetectionsNeverBreakTheTracker(String which) {
        Supplier<Tracker> make = () -> switch (which) {
            case "bytetrack" -> ByteTrack.builder().build();
            case "bytetrack-class-aware" -> ByteTrack.builder().optClassAware(true).build();
            default -> Sort.builder().build();
        };
        Tracker tracker = make.get();
        Random rnd = new Random(99);
        Set<Integer> retired = new HashSet<>();
        Set<Integer> live = new HashSet<>();
        int maxId = 0;
        for (long f = 0; f < 600; f++) {
            List<Track> out;
            if (rnd.nextInt(4) == 0) {
                out = tracker.predict(f);
            } else {
                List<Detection> dets = new ArrayList<>();
                int n = rnd.nextInt(f % 100 == 0 ? 300 : 25);
                for (int i = 0; i < n; i++) {
                    float l = rnd.nextFloat() * 2000 - 500;
                    float t = rnd.nextFloat() * 2000 - 500;
                    float w = rnd.nextInt(10) == 0 ? 0 : rnd.nextFloat() * 300;
                    float h = rnd.nextInt(10) == 0 ? 0 : rnd.nextFloat() * 300;
                    dets.add(new Detection(l, t, l + w, t + h, rnd.nextFloat(), rnd.nextInt(3), "c", null));
                }
                out = tracker.update(dets, f);
            }
            Set<Integer> now = new HashSet<>();
            for (Track t : out) {
                Box b = t.box();
                assertThat(Float.isFinite(b.left()) && Float.isFinite(b.top()) && Float.isFinite(b.right())
                        && Float.isFinite(b.bottom())).as("finite box %s", t).isTrue();
                assertThat(now.add(t.id())).as("id %d reported twice in frame %d", t.id(), f).isTrue();
                assertThat(retired).as("id %d came back after removal", t.id()).doesNotContain(t.id());
                maxId = Math.max(maxId, t.id());
            }
            Set<Integer> alive = new HashSet<>();
            tracker.liveTracks().forEach(t -> alive.add(t.id()));
            for (int id : live) {
                if (!alive.contains(id)) {
                    retired.add(id);
                }
            }
            live.clear();
            live.addAll(alive);
        }
        assertThat(maxId).isGreaterThan(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytetrack", "sort"})
    void aHugeJumpInFrameIndicesTakesBoundedTime(String which) {
        Tracker tracker = which.equals("sort") ? Sort.builder().build() : ByteTrack.builder().build();
        Detection d = new Detection(10, 10, 50, 110, 0.9f, 0, "person", null);
        tracker.update(List.of(d), 0);
        tracker.update(List.of(d), 1);
        // a hang guard, not a speed measurement: 1000 Kalman steps per track instead of 10^12
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            tracker.predict(1_000_000_000_000L);
            tracker.update(List.of(d), 2_000_000_000_000L);
        });
        assertThat(tracker.liveTracks()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytetrack", "sort"})
    void nonFiniteBoxesAreRefusedWithTheDetectionNamed(String which) {
        Tracker tracker = which.equals("sort") ? Sort.builder().build() : ByteTrack.builder().build();
        Detection bad = new Detection(0, 0, Float.POSITIVE_INFINITY, 10, 0.9f, 0, "person", null);
        assertThatThrownBy(() -> tracker.update(List.of(bad), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite").hasMessageContaining("person");
        List<Detection> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> tracker.update(withNull, 0)).isInstanceOf(NullPointerException.class);
    }
}
