package io.edgecv.video.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.Detection;
import io.edgecv.video.metrics.MotBox;
import io.edgecv.video.metrics.MotFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frame-by-frame parity with the original: the resources {@code parity-*-detections.txt} are generated detection
 * streams (8 objects crossing, entering and leaving, with missed detections, an occlusion, low-score stretches,
 * static low- and mid-score false alarms and random high-score ones; {@code c} with faster objects, 6 px box noise
 * and scores 0.5-0.8, so that the fused costs sit near the 0.8 limit), and {@code parity-*-original.txt} is what
 * ifzhang/ByteTrack's {@code BYTETracker} (commit d1bf019, {@code track_thresh} 0.5, {@code track_buffer} 30,
 * {@code match_thresh} 0.8, {@code mot20} False, 30 fps) output for them: same ids, boxes and scores, frame by
 * frame. It was run with its {@code cython_bbox} IoU replaced by the continuous IoU EdgeCV uses and {@code lap.lapjv}
 * by SciPy on the same extended cost matrix (see the module README for the script). Box tolerance 0.01 px: the
 * detections pass through {@code float} here and {@code float64} there.
 */
class ByteTrackParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c"})
    void matchesTheOriginalFrameByFrame(String name) throws IOException {
        Map<Long, List<MotBox>> detections = byFrame(read("parity-" + name + "-detections.txt"));
        Map<Long, List<MotBox>> expected = byFrame(read("parity-" + name + "-original.txt"));
        long frames = Math.max(detections.keySet().stream().mapToLong(Long::longValue).max().orElse(0),
                expected.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        ByteTrack bt = ByteTrack.builder().build();
        int compared = 0;
        for (long f = 1; f <= frames; f++) {
            List<Detection> dets = new ArrayList<>();
            for (MotBox b : detections.getOrDefault(f, List.of())) {
                dets.add(new Detection((float) b.left(), (float) b.top(), (float) (b.left() + b.width()),
                        (float) (b.top() + b.height()), (float) b.confidence(), 0, "person", null));
            }
            List<Track> got = bt.update(dets, f - 1);
            List<MotBox> want = expected.getOrDefault(f, List.of());
            assertThat(got).as("frame %d ids", f).extracting(Track::id)
                    .containsExactlyElementsOf(want.stream().map(MotBox::id).toList());
            for (int i = 0; i < want.size(); i++) {
                Track t = got.get(i);
                MotBox w = want.get(i);
                assertThat((double) t.box().left()).as("frame %d id %d left", f, t.id()).isCloseTo(w.left(), within());
                assertThat((double) t.box().top()).as("frame %d id %d top", f, t.id()).isCloseTo(w.top(), within());
                assertThat((double) t.box().width()).as("frame %d id %d width", f, t.id())
                        .isCloseTo(w.width(), within());
                assertThat((double) t.box().height()).as("frame %d id %d height", f, t.id())
                        .isCloseTo(w.height(), within());
                assertThat((double) t.score()).as("frame %d id %d score", f, t.id())
                        .isCloseTo(w.confidence(), org.assertj.core.api.Assertions.within(1e-3));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.api.Assertions.within(0.01);
    }

    private static List<MotBox> read(String resource) throws IOException {
        try (InputStream in = ByteTrackParityTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return MotFormat.read(new InputStreamReader(in, StandardCharsets.UTF_8), resource,
                    Double.NEGATIVE_INFINITY);
        }
    }

    private static Map<Long, List<MotBox>> byFrame(List<MotBox> rows) {
        Map<Long, List<MotBox>> m = new TreeMap<>();
        for (MotBox b : rows) {
            m.computeIfAbsent(b.frame(), k -> new ArrayList<>()).add(b);
        }
        return m;
    }
}
