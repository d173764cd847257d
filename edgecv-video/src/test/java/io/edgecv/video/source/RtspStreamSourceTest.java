package io.edgecv.video.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.video.VideoFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTSP end to end against a real server (GStreamer's, see {@link GstRtspServer}) that plays vtest.avi at its own
 * 10 fps: the stream opens as a live source behind the latest-frame mailbox, a consumer slower than the stream gets
 * ever newer frames of the file, in order, while the rest are counted as dropped, and closing the source hangs up
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
            assertThat(captureThreadsEnd(before)).as("capture threads left after close").isSubsetOf(before);
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
     * The frames taken are the file's frames, in order, none twice. Each one's match is the file frame it is
     * nearest to (mean absolute difference over a 4x4 pixel grid; JPEG over RTP is close, not exact), searched in
     * the first 150 frames for the first one (FFmpeg discards what arrives while it probes the stream, about 2 s
     * here) and in the 40 after the previous match for the others. A match must be nearer than the file's frames 3
     * before and 3 after it, the matches must advance, and by at least as many frames as the indices do: the
     * server may skip frames when its host is busy (GStreamer drops late buffers), the client never invents any.
     */
    private static void assertPicturesMatchTheFile(Path video, List<Frame> taken) throws Exception {
        int window = 150 + 40 * taken.size();
        double[][] diff = new double[taken.size()][window];
        int read = 0;
        try (FFmpegSource s = FFmpegSource.open(video.toString(), 1)) {
            for (Frame f = new Frame(); read < window && s.read(f); read++) {
                for (int t = 0; t < taken.size(); t++) {
                    diff[t][read] = sampledDiff(taken.get(t), f);
                }
            }
        }
        int previous = -1;
        for (int t = 0; t < taken.size(); t++) {
            int from = previous + 1;
            int to = Math.min(read, t == 0 ? 150 : from + 40);
            int match = from;
            for (int j = from; j < to; j++) {
                if (diff[t][j] < diff[t][match]) {
                    match = j;
                }
            }
            for (int other : new int[] {match - 3, match + 3}) {
                if (other >= 0 && other < read) {
                    assertThat(diff[t][match]).as("frame %d: its match, file frame %d, against file frame %d",
                            taken.get(t).index(), match, other).isLessThan(diff[t][other]);
                }
            }
            if (t > 0) {
                long advance = taken.get(t).index() - taken.get(t - 1).index();
                assertThat(match - previous).as("file frames between the matches of frames %d and %d",
                        taken.get(t - 1).index(), taken.get(t).index()).isGreaterThanOrEqualTo((int) advance);
            }
            previous = match;
        }
    }

    private static double sampledDiff(Frame a, Frame b) {
        assertThat(a.width()).isEqualTo(b.width());
        assertThat(a.height()).isEqualTo(b.height());
        long sum = 0;
        int n = 0;
        for (int y = 0; y < a.height(); y += 4) {
            for (int i = y * a.width() * 3, end = i + a.width() * 3; i < end; i += 12) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((a.pixels()[i + c] & 0xff) - (b.pixels()[i + c] & 0xff));
                }
                n += 3;
            }
        }
        return (double) sum / n;
    }

    /** Waits (a loaded host can be slow to schedule the joining thread) for capture threads not in {@code before}. */
    private static Set<Thread> captureThreadsEnd(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<Thread> now = captureThreads();
        while (!before.containsAll(now) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = captureThreads();
        }
        return now;
    }

    private static Set<Thread> captureThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("edgecv-capture") && t.isAlive()).collect(Collectors.toSet());
    }
}
