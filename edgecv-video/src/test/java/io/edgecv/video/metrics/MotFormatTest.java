package io.edgecv.video.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.video.track.Box;
import io.edgecv.video.track.Track;
import io.edgecv.video.track.TrackState;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotFormatTest {
    @TempDir
    Path dir;

    @Test
    void readsCommaTabAndSpaceSeparatedRowsAndFillsMissingColumns() throws IOException {
        String text = "1,3,113.84,274.5,57.307,130.05,-1,-1,-1,-1\n"
                + "\n"
                + "2\t4\t10\t20\t30\t40\t0.5\n"
                + "3 5 1 2 3 4\n"
                + "4, 6, 1, 2, 3, 4, 1, 7, 0.25\n";
        List<MotBox> rows = MotFormat.read(new StringReader(text), "inline", Double.NEGATIVE_INFINITY);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).frame()).isEqualTo(1);
        assertThat(rows.get(0).id()).isEqualTo(3);
        assertThat(rows.get(0).left()).isEqualTo(113.84);
        assertThat(rows.get(0).height()).isEqualTo(130.05);
        assertThat(rows.get(1).confidence()).isEqualTo(0.5);
        assertThat(rows.get(1).classId()).isEqualTo(-1);
        assertThat(rows.get(2).confidence()).isEqualTo(-1);
        assertThat(rows.get(3).classId()).isEqualTo(7);
        assertThat(rows.get(3).visibility()).isEqualTo(0.25);
    }

    @Test
    void minConfidenceDropsIgnoredGroundTruthRows() throws IOException {
        String text = "1,1,0,0,10,10,1,1,1\n1,2,0,0,10,10,0,1,1\n";
        assertThat(MotFormat.read(new StringReader(text), "gt", 1)).extracting(MotBox::id).containsExactly(1);
    }

    @Test
    void malformedLinesNameFileAndLine() {
        assertThatThrownBy(() -> MotFormat.read(new StringReader("1,1,0,0,10,10\n1,2,0,0\n"), "gt.txt", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gt.txt:2")
                .hasMessageContaining("at least 6 fields");
        assertThatThrownBy(() -> MotFormat.read(new StringReader("1,x,0,0,10,10\n"), "gt.txt", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gt.txt:1")
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> MotFormat.read(new StringReader("1.5,1,0,0,10,10\n"), "gt.txt", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("integers");
        assertThatThrownBy(() -> MotFormat.read(new StringReader("1,1,0,0,-10,10\n"), "gt.txt", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gt.txt:1")
                .hasMessageContaining("width");
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        List<MotBox> rows = List.of(new MotBox(1, 7, 10.5, 20.25, 30, 40.125, 0.875, -1, -1),
                new MotBox(2, 8, -3, 0, 1, 2, 1, 3, 0.5));
        Path file = dir.resolve("out.txt");
        MotFormat.write(file, rows);
        assertThat(Files.readAllLines(file)).containsExactly("1,7,10.5,20.25,30,40.125,0.875,-1,-1,-1",
                "2,8,-3,0,1,2,1,3,0.5,-1");
        List<MotBox> back = MotFormat.read(file);
        assertThat(back).hasSize(2);
        assertThat(back.get(0).toString()).isEqualTo(rows.get(0).toString());
        assertThat(back.get(1).toString()).isEqualTo(rows.get(1).toString());
    }

    @Test
    void trackWriterWritesOneBasedFramesAndPixels() throws IOException {
        Path file = dir.resolve("tracks.txt");
        Track t = new Track(5, TrackState.TRACKED, new Box(10, 20, 40, 80), 0.9f, 0, "person", 0, 0, false);
        try (MotTrackWriter w = MotTrackWriter.open(file)) {
            w.write(0, List.of(t));
            w.write(3, List.of());
            assertThatThrownBy(() -> w.write(3, List.of(t))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("frameIndex 3");
            assertThat(w.rows()).isEqualTo(1);
            w.close();
            w.close(); // idempotent
            assertThatThrownBy(() -> w.write(4, List.of(t))).isInstanceOf(IllegalStateException.class);
        }
        List<MotBox> rows = MotFormat.read(file);
        assertThat(rows).hasSize(1);
        MotBox b = rows.get(0);
        assertThat(b.frame()).isEqualTo(1);
        assertThat(b.id()).isEqualTo(5);
        assertThat(b.left()).isEqualTo(11);
        assertThat(b.top()).isEqualTo(21);
        assertThat(b.width()).isEqualTo(30);
        assertThat(b.height()).isEqualTo(60);
        assertThat(b.confidence()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void iouIsContinuousAndZeroWithoutOverlap() {
        MotBox a = new MotBox(1, 1, 0, 0, 10, 10, 1, -1, -1);
        assertThat(a.iou(new MotBox(1, 2, 5, 0, 10, 10, 1, -1, -1))).isEqualTo(50.0 / 150);
        assertThat(a.iou(new MotBox(1, 2, 10, 0, 10, 10, 1, -1, -1))).isZero();
        assertThat(a.iou(new MotBox(1, 2, 0, 0, 0, 0, 1, -1, -1))).isZero();
    }
}
