package io.edgecv.examples.cli;

import static io.edgecv.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.testing.Fixtures;
import io.edgecv.video.source.FFmpegSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgecv track} as a user runs it, on the first 30 frames of vtest.avi. */
class TrackCommandTest {
    @TempDir
    Path dir;

    @Test
    void tracksAVideoAndWritesVideoTracksAndJson() throws Exception {
        assumeTrue(FFmpegSupport.available(), () -> "FFmpeg unavailable: " + FFmpegSupport.problem());
        Path video = Fixtures.root().resolve("video/vtest.avi");
        assumeTrue(Files.isRegularFile(video), "video fixture missing: " + video);
        String[] r = run("track", "--source", video.toString(), "--model",
                Fixtures.model(Fixtures.SSD_ONNX).toString(), "--classes", "Person", "--skip", "3",
                "--max-frames", "30", "--out", dir.resolve("out.mp4").toString(), "--tracks",
                dir.resolve("tracks.txt").toString(), "--json", dir.resolve("frames.jsonl").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("30 in", "30 out", "detector: 10 calls, 20 saved (67%)", "inference",
                "end-to-end");
        assertThat(Files.readAllLines(dir.resolve("frames.jsonl"))).hasSize(30);
        List<String> mot = Files.readAllLines(dir.resolve("tracks.txt"));
        assertThat(mot).isNotEmpty();
        assertThat(mot.get(0).split(",")).hasSize(10);
        assertThat(Files.size(dir.resolve("out.mp4"))).isGreaterThan(10_000);
    }

    @Test
    void rawStdinWithoutASizeIsRefusedByName() {
        String[] r = run("track", "--source", "-", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("0x0");
    }
}
