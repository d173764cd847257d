package io.edgecv.video.pipeline;

import io.edgecv.EdgeCvException;
import io.edgecv.preprocess.ImageTransform;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.video.source.Frame;
import io.edgecv.video.source.FrameSource;
import io.edgecv.video.track.Tracker;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection and tracking on a video, as five stages on their own threads joined by bounded queues: capture
 * (decode a frame), preprocess (into an inference slot's input tensor), inference, track (decode, NMS, tracker),
 * output (the listener). While the backend runs frame N, the frame N+1 is being preprocessed into another slot and
 * frame N-1 decoded from a third, so throughput is set by the slowest stage, not their sum. Frames keep their
 * order; frames the {@link SkipPolicy} skips bypass preprocessing and inference and get predicted boxes.
 *
 * <p>Frame buffers, jobs, inference slots and the per-frame results (detections and tracks as reused primitive
 * buffers, see {@link FrameResult}) are pooled: the steady state allocates next to nothing per frame.
 *
 * <p>{@link #close()} stops reading the source and lets every frame already read run to its result: no result is
 * lost or delivered twice. The pipeline owns and closes the source, not the model.
 *
 * <p>Thread-safety: {@link #start}, {@link #await}, {@link #stats} and {@link #close} may be called from any
 * thread; {@link #close()} is idempotent.
 */
public final class VideoPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoPipeline.class);

    private final FrameSource source;
    private final DetectionModel model;
    private final Tracker tracker;
    private final SkipPolicy skip;
    private final FrameListener listener;
    private final long maxFrames;
    private final InferenceSlots slots;
    /** One per slot: a preprocessor keeps a view of the last tensor it wrote, so each sees only its own. */
    private final Preprocessor[] preprocessors;
    private final Postprocessor postprocessor;
    private final BlockingQueue<FrameJob> free;
    private final BlockingQueue<FrameJob> toPreprocess;
    private final BlockingQueue<FrameJob> toInfer;
    private final BlockingQueue<FrameJob> toTrack;
    private final BlockingQueue<FrameJob> toOutput;
    private final FrameJob endMarker = new FrameJob(true);
    private final Map<Stage, LatencyRecorder> latency = new EnumMap<>(Stage.class);
    private final Thread[] threads;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong detectorCalls = new AtomicLong();
    private volatile boolean stopping;
    private volatile long startNanos;
    private volatile long lastOutputNanos;
    private boolean started;
    private boolean closed;
    private long lastDetectionIndex = -1;
    private long lastDetectionNanos;

    VideoPipeline(VideoPipelineBuilder b) throws EdgeCvException {
        this.source = b.source;
        this.model = b.model;
        this.tracker = b.tracker;
        this.skip = b.skip;
        this.listener = b.listener;
        this.maxFrames = b.maxFrames;
        this.slots = new InferenceSlots(model.session(), model.preprocessing(), b.slots);
        this.preprocessors = new Preprocessor[slots.count()];
        for (int s = 0; s < preprocessors.length; s++) {
            preprocessors[s] = new Preprocessor(model.preprocessing());
        }
        this.postprocessor = new Postprocessor(model);
        int frames = b.frames > 0 ? b.frames : source.live() ? 4 : 8;
        this.free = new ArrayBlockingQueue<>(frames);
        for (int i = 0; i < frames; i++) {
            free.add(new FrameJob(false));
        }
        this.toPreprocess = new ArrayBlockingQueue<>(b.queueCapacity + 1);
        this.toInfer = new ArrayBlockingQueue<>(b.queueCapacity + 1);
        this.toTrack = new ArrayBlockingQueue<>(b.queueCapacity + 1);
        this.toOutput = new ArrayBlockingQueue<>(b.queueCapacity + 1);
        for (Stage s : Stage.values()) {
            latency.put(s, new LatencyRecorder());
        }
        this.threads = new Thread[] {
            thread("capture", this::captureLoop),
            thread("preprocess", () -> stageLoop(toPreprocess, toInfer, this::preprocess)),
            thread("inference", () -> stageLoop(toInfer, toTrack, this::infer)),
            thread("track", () -> stageLoop(toTrack, toOutput, this::track)),
            thread("output", this::outputLoop),
        };
    }

    /** @return a builder */
    public static VideoPipelineBuilder builder() {
        return new VideoPipelineBuilder();
    }

    private static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, "edgecv-video-" + name);
        t.setDaemon(true);
        return t;
    }

    /** @return whether the backend double-buffers its inputs (false: the pipeline stages and copies them) */
    public boolean nativeSlots() {
        return slots.nativeSlots();
    }

    /**
     * Starts the stage threads.
     *
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "pipeline is closed" : "pipeline already started");
        }
        started = true;
        startNanos = System.nanoTime();
        LOG.info("pipeline: {} -> {} ({} slots, {}), {}", source.describe(), model.name(), slots.count(),
                slots.nativeSlots() ? "double-buffered by the backend" : "staged copies", skip);
        for (Thread t : threads) {
            t.start();
        }
    }

    /**
     * Waits until every frame of the source has its result (the end of a file, or after {@link #close()}).
     *
     * @param timeout how long to wait
     * @param unit its unit
     * @return true if the pipeline finished, false on timeout
     * @throws EdgeCvException if a stage or the listener failed (the pipeline stopped)
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(long timeout, TimeUnit unit) throws EdgeCvException, InterruptedException {
        boolean done = finished.await(timeout, unit);
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof EdgeCvException) {
                throw new EdgeCvException(t.getMessage(), t);
            }
            throw new EdgeCvException("video pipeline failed: " + t, t);
        }
        return done;
    }

    /**
     * Starts (if needed) and runs to the end of the source.
     *
     * @return the final statistics
     * @throws EdgeCvException if a stage or the listener failed
     * @throws InterruptedException if interrupted
     */
    public PipelineStats run() throws EdgeCvException, InterruptedException {
        synchronized (this) {
            if (!started) {
                start();
            }
        }
        await(Long.MAX_VALUE, TimeUnit.DAYS);
        return stats();
    }

    /** @return the counters and latencies so far */
    public PipelineStats stats() {
        long end = finished.getCount() == 0 ? lastOutputNanos : System.nanoTime();
        double seconds = startNanos == 0 ? 0 : Math.max(0, end - startNanos) / 1e9;
        Map<Stage, long[]> l = new EnumMap<>(Stage.class);
        for (Map.Entry<Stage, LatencyRecorder> e : latency.entrySet()) {
            l.put(e.getKey(), e.getValue().percentiles());
        }
        return new PipelineStats(framesIn.get(), framesOut.get(), source.dropped(), detectorCalls.get(), seconds, l);
    }

    private void captureLoop() {
        long seq = 0;
        try {
            while (!stopping && (maxFrames <= 0 || seq < maxFrames)) {
                FrameJob j = free.take();
                long t0 = System.nanoTime();
                boolean ok;
                try {
                    ok = source.read(j.result.frame);
                } catch (Exception e) {
                    fail(e);
                    ok = false;
                }
                if (!ok) {
                    free.add(j);
                    break;
                }
                latency.get(Stage.CAPTURE).record(System.nanoTime() - t0);
                j.reset(seq++);
                framesIn.incrementAndGet();
                toPreprocess.put(j);
            }
            toPreprocess.put(endMarker);
        } catch (InterruptedException e) {
            fail(e);
        }
    }

    /** The body of one middle stage. */
    private interface Work {
        void process(FrameJob j) throws Exception;
    }

    private void stageLoop(BlockingQueue<FrameJob> in, BlockingQueue<FrameJob> out, Work work) {
        try {
            while (true) {
                FrameJob j = in.take();
                if (!j.end && !j.failed) {
                    try {
                        work.process(j);
                    } catch (Exception | Error e) {
                        j.failed = true;
                        fail(e);
                    }
                }
                out.put(j);
                if (j.end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            fail(e);
        }
    }

    private void preprocess(FrameJob j) throws InterruptedException {
        Frame f = j.result.frame;
        long since = lastDetectionIndex < 0 ? Long.MAX_VALUE : f.index() - lastDetectionIndex;
        long nanos = lastDetectionIndex < 0 ? Long.MAX_VALUE : f.captureNanos() - lastDetectionNanos;
        if (!skip.shouldDetect(f, since, nanos)) {
            return;
        }
        skip.detected(f);
        lastDetectionIndex = f.index();
        lastDetectionNanos = f.captureNanos();
        j.result.detected = true;
        j.slot = slots.acquire();
        long t0 = System.nanoTime();
        ImageTransform t = preprocessors[j.slot].apply(f.image(), slots.input(j.slot));
        j.transform.set(t.sourceWidth(), t.sourceHeight(), t.scaleX(), t.scaleY(), t.padX(), t.padY());
        latency.get(Stage.PREPROCESS).record(System.nanoTime() - t0);
    }

    private void infer(FrameJob j) throws EdgeCvException {
        if (!j.result.detected) {
            return;
        }
        long t0 = System.nanoTime();
        slots.run(j.slot);
        latency.get(Stage.INFERENCE).record(System.nanoTime() - t0);
        detectorCalls.incrementAndGet();
    }

    private void track(FrameJob j) {
        long t0 = System.nanoTime();
        FrameResult r = j.result;
        long index = r.frame.index();
        if (r.detected) {
            try {
                postprocessor.decode(slots.outputs(j.slot), j.transform, r.detections);
            } finally {
                slots.release(j.slot);
                j.slot = -1;
            }
            if (tracker != null) {
                tracker.update(r.detections, index, r.tracks);
                skip.tracked(r.tracks, r.detections);
            }
        } else if (tracker != null) {
            tracker.predict(index, r.tracks);
        }
        latency.get(Stage.TRACK).record(System.nanoTime() - t0);
    }

    private void outputLoop() {
        try {
            while (true) {
                FrameJob j = toOutput.take();
                if (j.end) {
                    break;
                }
                if (j.slot >= 0) {
                    slots.release(j.slot); // a frame that failed between preprocessing and decoding
                    j.slot = -1;
                }
                if (!j.failed && failure.get() == null) {
                    long t0 = System.nanoTime();
                    j.result.latencyNanos = t0 - j.result.frame.captureNanos();
                    try {
                        if (listener != null) {
                            listener.onFrame(j.result);
                        }
                        framesOut.incrementAndGet();
                    } catch (Exception e) {
                        fail(e);
                    }
                    long t1 = System.nanoTime();
                    latency.get(Stage.OUTPUT).record(t1 - t0);
                    latency.get(Stage.END_TO_END).record(t1 - j.result.frame.captureNanos());
                    lastOutputNanos = t1;
                }
                free.add(j);
            }
        } catch (InterruptedException e) {
            fail(e);
        } finally {
            if (lastOutputNanos == 0) {
                lastOutputNanos = System.nanoTime();
            }
            finished.countDown();
        }
    }

    private void fail(Throwable e) {
        if (failure.compareAndSet(null, e)) {
            LOG.error("video pipeline stopping: {}", e.toString());
        }
        stopping = true;
    }

    /**
     * Stops reading, lets the frames already read reach the listener, stops every stage and closes the source.
     * Idempotent. Waits up to 30 s for the stages.
     */
    @Override
    public void close() {
        boolean wasStarted;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            wasStarted = started;
        }
        stopping = true;
        source.close();
        if (!wasStarted) {
            finished.countDown(); // nothing ran: await returns at once
        } else {
            try {
                if (!finished.await(30, TimeUnit.SECONDS)) {
                    LOG.warn("video pipeline stages did not finish within 30 s; interrupting them");
                    for (Thread t : threads) {
                        t.interrupt();
                    }
                }
                for (Thread t : threads) {
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
