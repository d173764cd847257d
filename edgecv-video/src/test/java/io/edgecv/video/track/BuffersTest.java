package io.edgecv.video.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DetectionBuffer} and {@link TrackBuffer}: growth, reuse, copies and the bridges to the object API. */
class BuffersTest {
    @Test
    void detectionBufferGrowsKeepsOrderAndBridgesToObjects() {
        DetectionBuffer b = new DetectionBuffer(1);
        for (int i = 0; i < 40; i++) {
            b.add(i, 2 * i, i + 10, 2 * i + 20, i / 40f, i % 3, "c" + i % 3);
        }
        assertThat(b.size()).isEqualTo(40);
        assertThat(b.left(39)).isEqualTo(39f);
        assertThat(b.bottom(39)).isEqualTo(98f);
        assertThat(b.width(5)).isEqualTo(10f);
        assertThat(b.height(5)).isEqualTo(20f);
        assertThat(b.label(4)).isEqualTo("c1");
        List<Detection> list = b.toList();
        assertThat(list).hasSize(40);
        assertThat(list.get(7).top()).isEqualTo(14f);
        assertThat(list.get(7).classId()).isEqualTo(1);
        DetectionBuffer back = DetectionBuffer.of(list);
        DetectionBuffer copy = b.copy();
        b.clear();
        assertThat(b.size()).isZero();
        assertThatThrownBy(() -> b.left(0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("entry 0 of 0");
        for (int i = 0; i < 40; i++) {
            assertThat(copy.score(i)).isEqualTo(i / 40f);
            assertThat(back.right(i)).isEqualTo(copy.right(i));
            assertThat(back.iou(i, copy.left(i), copy.top(i), copy.right(i), copy.bottom(i))).isEqualTo(1f);
        }
    }

    @Test
    void detectionBufferRejectsWhatWouldPoisonATracker() {
        DetectionBuffer b = new DetectionBuffer();
        assertThatThrownBy(() -> b.add(0, 0, Float.NaN, 5, 0.5f, 0, "person"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite")
                .hasMessageContaining("person");
        assertThatThrownBy(() -> b.add(10, 0, 5, 5, 0.5f, 0, "person")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("right >= left");
        assertThatThrownBy(() -> b.add(0, 0, 5, 5, 0.5f, 0, null)).isInstanceOf(NullPointerException.class);
        assertThat(b.size()).isZero();
    }

    @Test
    void trackBufferSnapshotsAndCopiesSurviveReuse() {
        Tracker tracker = ByteTrack.builder().build();
        DetectionBuffer d = new DetectionBuffer();
        d.add(100, 100, 140, 180, 0.9f, 2, "person");
        d.add(400, 100, 440, 180, 0.9f, 2, "person");
        TrackBuffer out = new TrackBuffer(1);
        tracker.update(d, 0, out);
        assertThat(out.size()).isEqualTo(2);
        assertThat(out.frameIndex()).isZero();
        TrackBuffer kept = out.copy();
        List<Track> snapshots = out.toList();
        tracker.predict(1, out);
        assertThat(out.predicted(0)).isTrue();
        assertThat(out.frameIndex()).isEqualTo(1);
        tracker.update(new DetectionBuffer(), 2, out);
        assertThat(out.size()).isZero();
        assertThat(kept.size()).isEqualTo(2);
        assertThat(kept.frameIndex()).isZero();
        assertThat(kept.id(0)).isEqualTo(1);
        assertThat(kept.id(1)).isEqualTo(2);
        assertThat(kept.predicted(0)).isFalse();
        assertThat(kept.state(1)).isEqualTo(TrackState.TRACKED);
        assertThat(snapshots.get(1).box()).isEqualTo(new Box(kept.left(1), kept.top(1), kept.right(1),
                kept.bottom(1)));
        assertThat(snapshots.get(1).box().left()).isCloseTo(400f, org.assertj.core.api.Assertions.within(0.01f));
        assertThat(snapshots.get(1).label()).isEqualTo("person");
        assertThat(snapshots.get(1).classId()).isEqualTo(2);
        TrackBuffer viaObjects = new TrackBuffer();
        viaObjects.begin(0);
        snapshots.forEach(viaObjects::add);
        assertThat(viaObjects.toList()).usingRecursiveComparison().isEqualTo(snapshots);
    }
}
