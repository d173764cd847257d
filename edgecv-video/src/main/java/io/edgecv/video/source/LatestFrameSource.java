package io.edgecv.video.source;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-slot mailbox in front of a live source: a capture thread reads the source as fast as it delivers and
 * always keeps only the newest frame; {@link #read} takes that frame (waiting for a new one if it was already
 * taken). A frame replaced before anyone took it is dropped and counted, so a consumer slower than the camera
 * sees the freshest picture and never a backlog: latency stays bounded by one frame interval plus one read.
 *
 * <p>Three buffers circulate (the one being captured, the mailbox and a spare), so the steady state allocates
 * nothing; {@link #read} copies the mailbox frame into the caller's buffer under a short lock.
 *
 * <p>Thread-safety: {@link #read} from one thread at a time; {@link #dropped()} and {@link #close()} from any
 * thread. Closing stops the capture thread and closes the wrapped source; close is idempotent.
 */
public final class LatestFrameSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(LatestFrameSource.class);

    private final FrameSource source;
    private final Thread capture;
    private final Object lock = new Object();
    private Frame spare = new Frame();
    private Frame mailbox = new Frame();
    private boolean full;
    private boolean ended;
    private boolean closed;
    private IOException failure;
    private long dropped;
    private long captured;

    /**
     * Starts capturing from {@code source} on a daemon thread.
     *
     * @param source a live source; this object closes it
     */
    public LatestFrameSource(FrameSource source) {
        this.source = source;
        this.capture = new Thread(this::captureLoop, "edgecv-capture");
        capture.setDaemon(true);
        capture.start();
    }

    private void captureLoop() {
        Frame writing = new Frame();
        try {
            while (true) {
                synchronized (lock) {
                    if (closed) {
                        break;
                    }
                }
                if (!source.read(writing)) {
                    break;
                }
                synchronized (lock) {
                    captured++;
                    if (full) {
                        dropped++;
                    }
                    Frame old = mailbox;
                    mailbox = writing;
                    writing = full ? old : spare;
                    if (!full) {
                        spare = old;
                    }
                    full = true;
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (lock) {
                failure = e;
            }
        } catch (RuntimeException e) {
            synchronized (lock) {
                failure = new IOException("capture from " + source.describe() + " failed: " + e, e);
            }
        } finally {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
    }

    /**
     * {@inheritDoc} Waits for a frame newer than the last one taken.
     *
     * @throws IOException if the capture thread failed (after the frames it delivered have been read)
     */
    @Override
    public boolean read(Frame frame) throws IOException {
        synchronized (lock) {
            while (!full && !ended && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (full && !closed) {
                frame.copyFrom(mailbox);
                full = false;
                return true;
            }
            if (failure != null && !closed) {
                IOException e = failure;
                failure = null;
                throw e;
            }
            return false;
        }
    }

    /** @return frames captured from the source so far (taken or dropped) */
    public long captured() {
        synchronized (lock) {
            return captured;
        }
    }

    @Override
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public int height() {
        return source.height();
    }

    @Override
    public double frameRate() {
        return source.frameRate();
    }

    @Override
    public long frameCount() {
        return -1;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String describe() {
        return source.describe() + " [latest frame only]";
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        source.close();
        try {
            capture.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (capture.isAlive()) {
            LOG.warn("capture thread of {} did not stop within 3 s (a read still blocked in the source)", source.describe());
        }
    }
}
