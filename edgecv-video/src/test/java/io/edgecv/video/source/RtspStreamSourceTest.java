package io.edgecv.video.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.video.VideoFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTSP end to end against a real server (GStreamer's, see {@link GstRtspServer}) that plays vtest.avi at its own
 * 10 fps: the stream opens as a live source behind the latest-frame mailbox, a consumer slower than the stream gets
 * ever newer frames of the right picture while the rest are counted as dropped, and closing the source hangs up
 * (the server sees the client close) and stops the capture thread.
 */
class RtspStreamSourceTest {
    private static final int TAKE = 10;

    @Test
    void anRtspStreamIsLiveKeepsTheLatestFrameAndHangsUpOnClose(@TempDir Path dir) throws Exception {
        Path video = VideoFixtures.vtest();
        Set<Thread> before = captureThreads();
        try (GstRtspServer server = GstRtspServer.start(video, dir)) {
            List<Frame> taken = new ArrayList<>();
            LatestFrameSource latest;
            try (FrameSource s = FrameSources.open(server.url(), null)) {
                assertThat(s.live()).isTrue();
                assertThat(s).isInstanceOf(LatestFrameSource.class);
                latest = (LatestFrameSource) s;
                assertThat(s.width()).isEqualTo(768);
                assertThat(s.height()).isEqualTo(576);
                assertThat(server.awaitLine("client connected", 30, TimeUnit.SECONDS)).isTrue();
                Frame f = new Frame();
                long last = -1;
                while (taken.size() < TAKE && s.read(f)) {
                    assertThat(f.index()).isGreaterThan(last); // always newer, never a frame twice
                    last = f.index();
                    Frame copy = new Frame();
                    copy.copyFrom(f);
                    taken.add(copy);
                    Thread.sleep(250); // 4 frames a second against the stream's 10
                }
                assertThat(taken).hasSize(TAKE);
            }
            // closed: the capture thread is gone and the server saw the client hang up
            assertThat(server.awaitLine("client closed", 30, TimeUnit.SECONDS))
                    .as("the RTSP server saw the client close").isTrue();
            assertThat(captureThreads()).as("capture threads left after close").isSubsetOf(before);
            // the latest-frame policy: every captured frame was taken, dropped or (at most one) left in the mailbox
            long dropped = latest.dropped();
            long captured = latest.captured();
            assertThat(dropped).isPositive();
            assertThat(captured - TAKE - dropped).isBetween(0L, 1L);
            long lastIndex = taken.get(TAKE - 1).index();
            assertThat(lastIndex + 1).isLessThanOrEqualTo(captured); // indices count captured frames, gaps = drops
            assertThat(lastIndex).isGreaterThan(TAKE - 1); // the slow consumer skipped frames instead of queueing
            assertPicturesMatchTheFile(video, taken);
        }
    }

    /**
     * The frames taken are the file's frames, numbered without gaps other than the counted drops. FFmpeg discards
     * what arrives while it probes the stream (about 2 s of it here), so frame 0 is the file's frame {@code offset},
     * found as the nearest to it among the first 80; then each frame {@code i} taken must be nearer to the file's
     * frame {@code offset + i} than to the frames 3 before and 3 after (JPEG over RTP is close, not exact).
     */
    private static void assertPicturesMatchTheFile(Path video, List<Frame> taken) throws Exception {
        int offset = 0;
        double best = Double.MAX_VALUE;
        try (FFmpegSource s = FFmpegSource.open(video.toString(), 1)) {
            Frame f = new Frame();
            for (int j = 0; j < 80 && s.read(f); j++) {
                double d = meanAbsDiff(taken.get(0), f);
                if (d < best) {
                    best = d;
                    offset = j;
                }
            }
        }
        Map<Long, Double> diffs = new HashMap<>(); // (taken frame << 32 | file frame) -> mean difference
        try (FFmpegSource s = FFmpegSource.open(video.toString(), 1)) {
            long end = offset + taken.get(taken.size() - 1).index() + 3;
            for (Frame f = new Frame(); f.index() < end && s.read(f); ) {
                for (int t = 0; t < taken.size(); t++) {
                    long k = offset + taken.get(t).index();
                    if (Math.abs(f.index() - k) == 3 || f.index() == k) {
                        diffs.put((long) t << 32 | f.index(), meanAbsDiff(taken.get(t), f));
                    }
                }
            }
        }
        for (int t = 0; t < taken.size(); t++) {
            long k = offset + taken.get(t).index();
            double same = diffs.get((long) t << 32 | k);
            for (long other : new long[] {k - 3, k + 3}) {
                Double d = diffs.get((long) t << 32 | other);
                if (d != null) {
                    assertThat(same).as("frame %d (file frame %d, offset %d): mean difference to it against file"
                            + " frame %d", taken.get(t).index(), k, offset, other).isLessThan(d);
                }
            }
        }
    }

    private static double meanAbsDiff(Frame a, Frame b) {
        assertThat(a.width()).isEqualTo(b.width());
        assertThat(a.height()).isEqualTo(b.height());
        int n = a.width() * a.height() * 3;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
        }
        return (double) sum / n;
    }

    private static Set<Thread> captureThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("edgecv-capture") && t.isAlive()).collect(Collectors.toSet());
    }
}
