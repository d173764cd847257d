package io.edgecv.video.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.Detection;
import io.edgecv.video.metrics.MotMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortTest {
    private static Detection box(float l, float t, float w, float h) {
        return new Detection(l, t, l + w, t + h, 0.9f, 0, "person", null);
    }

    @Test
    void tracksSeparateObjectsWithStableIds() {
        Scenario s = ByteTrackTrajectoryTest.randomScene(31, 120, 5).noise(2.0);
        Scenario.Run run = s.run(Sort.builder().build(), 1);
        MotMetrics m = run.metrics();
        assertThat(m.numSwitches()).isZero();
        assertThat(m.numFalsePositives()).isZero();
        assertThat(m.mota()).isGreaterThanOrEqualTo(0.95);
        assertThat(m.idf1()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void crossingWithoutOcclusionKeepsIds() {
        Scenario s = new Scenario(100, 5).noise(1.0);
        s.add(1, 50, 200, 5, 0, 40, 100);
        s.add(2, 550, 230, -5, 0, 40, 100);
        Scenario.Run run = s.run(Sort.builder().build(), 1);
        assertThat(run.metrics().numSwitches()).isZero();
        assertThat(run.idsFor(1)).hasSize(1);
        assertThat(run.idsFor(2)).hasSize(1);
    }

    @Test
    void minHitsAndMaxAgeFollowSort() {
        Sort sort = Sort.builder().build();
        // during the first min_hits updates every matched track is reported
        assertThat(sort.update(List.of(box(10, 10, 40, 100)), 0)).hasSize(1);
        assertThat(sort.update(List.of(box(12, 10, 40, 100)), 1)).hasSize(1);
        assertThat(sort.update(List.of(box(14, 10, 40, 100)), 2)).hasSize(1);
        // a newcomer later needs three hits in a row
        assertThat(sort.update(List.of(box(16, 10, 40, 100), box(400, 10, 40, 100)), 3)).extracting(Track::id)
                .containsExactly(1);
        assertThat(sort.update(List.of(box(18, 10, 40, 100), box(401, 10, 40, 100)), 4)).extracting(Track::id)
                .containsExactly(1);
        assertThat(sort.update(List.of(box(20, 10, 40, 100), box(402, 10, 40, 100)), 5)).extracting(Track::id)
                .containsExactly(1, 2);
        // missed for two updates (max_age 1): removed, and it comes back as a new track
        sort.update(List.of(box(403, 10, 40, 100)), 6);
        sort.update(List.of(box(404, 10, 40, 100)), 7);
        assertThat(sort.liveTracks()).extracting(Track::id).containsExactly(2);
        assertThatThrownBy(() -> sort.predict(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sort.builder().optIouThreshold(0)).hasMessageContaining("IoU threshold");
    }
}
