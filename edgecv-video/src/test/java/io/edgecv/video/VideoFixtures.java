package io.edgecv.video;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.testing.Fixtures;
import io.edgecv.video.source.FFmpegSupport;
import java.nio.file.Files;
import java.nio.file.Path;

/** The video fixture and the checks that skip a test, saying why, when it or FFmpeg is missing. */
public final class VideoFixtures {
    private VideoFixtures() {
    }

    /** @return vtest.avi (795 frames of pedestrians, 768x576), or the test is skipped */
    public static Path vtest() {
        assumeTrue(Fixtures.available(), "fixtures not found: set -Dedgecv.fixtures to the shared fixtures folder");
        Path p = Fixtures.root().resolve("video/vtest.avi");
        assumeTrue(Files.isRegularFile(p), "video fixture missing: " + p);
        assumeTrue(FFmpegSupport.available(), () -> "FFmpeg unavailable: " + FFmpegSupport.problem());
        return p;
    }

    /** @return the SSD ONNX model, or the test is skipped */
    public static Path ssd() {
        assumeTrue(Fixtures.available(), "fixtures not found: set -Dedgecv.fixtures to the shared fixtures folder");
        return Fixtures.model(Fixtures.SSD_ONNX);
    }
}
