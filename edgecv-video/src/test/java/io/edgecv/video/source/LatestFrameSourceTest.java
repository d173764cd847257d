package io.edgecv.video.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A live source faster than its consumer: old frames are dropped and counted, the newest is always delivered. */
class LatestFrameSourceTest {
    /** A "camera" delivering a numbered frame every 2 ms, each frame's first byte = its index mod 256. */
    static class Camera implements FrameSource {
        private final int frames;
        private long next;
        private volatile boolean closed;

        Camera(int frames) {
            this.frames = frames;
        }

        @Override
        public boolean read(Frame frame) throws IOException {
            if (closed || next >= frames) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            byte[] p = frame.resize(64, 48);
            p[0] = (byte) next;
            frame.stamp(next++, System.nanoTime());
            return true;
        }

        @Override public int width() { return 64; }
        @Override public int height() { return 48; }
        @Override public double frameRate() { return 500; }
        @Override public long frameCount() { return -1; }
        @Override public boolean live() { return true; }
        @Override public long dropped() { return 0; }
        @Override public String describe() { return "test camera"; }
        @Override public void close() { closed = true; }
    }

    @Test
    void aSlowConsumerGetsTheNewestFramesAndTheRestAreCounted() throws Exception {
        List<Long> got = new ArrayList<>();
        List<Long> lag = new ArrayList<>();
        try (LatestFrameSource s = new LatestFrameSource(new Camera(300))) {
            Frame f = new Frame();
            while (s.read(f)) {
                got.add(f.index());
                assertThat(f.pixels()[0]).isEqualTo((byte) f.index()); // pixels belong to that frame
                lag.add(System.nanoTime() - f.captureNanos());
                Thread.sleep(10); // a detector 5x slower than the camera
            }
            assertThat(s.captured()).isEqualTo(300);
            // every frame is either delivered or counted as dropped, none twice
            assertThat(got).doesNotHaveDuplicates().isSorted();
            assertThat(got.size() + s.dropped()).isEqualTo(300);
            assertThat(s.dropped()).isGreaterThan(150);
            // latency stays bounded: a frame is never older than a few camera intervals plus one read
            lag.sort(null);
            assertThat(lag.get(lag.size() / 2)).isLessThan(50_000_000L);
        }
    }

    @Test
    void closeUnblocksAWaitingRead() throws Exception {
        LatestFrameSource s = new LatestFrameSource(new Camera(0) {
            @Override
            public boolean read(Frame frame) throws IOException {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    return false;
                }
                return false;
            }
        });
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // closing anyway
            }
            s.close();
        });
        closer.start();
        long t0 = System.nanoTime();
        assertThat(s.read(new Frame())).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
        closer.join();
    }
}
