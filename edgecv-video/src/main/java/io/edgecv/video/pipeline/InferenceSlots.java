package io.edgecv.video.pipeline;

import io.edgecv.EdgeCvException;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.FloatWidening;
import io.edgecv.spi.OutputTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input/output buffer sets that let preprocessing fill frame N+1 and decoding read frame N-1 while frame N
 * runs. When the backend double-buffers ({@link BackendSession#openSlots} gives the count asked for), each slot
 * is the session's own: no copy at all. Otherwise (the sequential fallback) the pipeline keeps its own staging
 * input buffers and output copies, and the inference stage copies a staged input into the session's single
 * buffer before each run and the outputs out after it: two memory copies, the stages still overlap.
 *
 * <p>Thread-safety: {@link #acquire}/{@link #release} are thread-safe; a slot's buffers belong to the stage
 * holding the slot.
 */
final class InferenceSlots {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceSlots.class);

    private final BackendSession session;
    private final boolean native_;
    private final int count;
    private final ByteBuffer[] staging;
    private final OutputCopy[] copies;
    private final BlockingQueue<Integer> free;
    private final int tensorBytes;

    InferenceSlots(BackendSession session, Preprocessing pre, int wanted) throws EdgeCvException {
        this.session = session;
        this.tensorBytes = Math.toIntExact(pre.tensorBytes());
        int got = session.inputs().size() == 1 ? session.openSlots(wanted) : 1;
        this.native_ = got >= wanted;
        this.count = wanted;
        this.free = new ArrayBlockingQueue<>(wanted);
        if (native_) {
            staging = null;
            copies = null;
        } else {
            LOG.info("backend {} holds one input slot: staging {} input buffers and copying outputs",
                    session.backendName(), wanted);
            staging = new ByteBuffer[wanted];
            copies = new OutputCopy[wanted];
            for (int s = 0; s < wanted; s++) {
                staging[s] = ByteBuffer.allocateDirect(tensorBytes).order(ByteOrder.nativeOrder());
                copies[s] = new OutputCopy(session.outputCount());
            }
        }
        for (int s = 0; s < wanted; s++) {
            free.add(s); // boxed once here: Integer.valueOf caches small values, so no allocation per frame
        }
    }

    /** @return whether the backend double-buffers (no copies) */
    boolean nativeSlots() {
        return native_;
    }

    int count() {
        return count;
    }

    /** Waits for a free slot. */
    int acquire() throws InterruptedException {
        return free.take();
    }

    void release(int slot) {
        free.add(slot);
    }

    /** @return where preprocessing writes the slot's input */
    ByteBuffer input(int slot) {
        return native_ ? session.inputBuffer(slot, 0) : staging[slot];
    }

    /** Runs the slot: directly, or by copying its staged input in and the outputs out. */
    void run(int slot) throws EdgeCvException {
        if (native_) {
            session.run(slot);
            return;
        }
        ByteBuffer dst = session.inputBuffer(0);
        ByteBuffer src = staging[slot];
        dst.put(0, src, 0, tensorBytes);
        session.run();
        copies[slot].copy(session);
    }

    /** @return the slot's outputs after {@link #run} */
    OutputTensors outputs(int slot) {
        return native_ ? session.outputs(slot) : copies[slot];
    }

    /** Outputs copied out of a single-slot session, buffers reused. */
    private static final class OutputCopy implements OutputTensors {
        private final FloatBuffer[] values;
        private final long[][] shapes;

        OutputCopy(int n) {
            values = new FloatBuffer[n];
            shapes = new long[n][];
        }

        void copy(OutputTensors from) {
            for (int o = 0; o < values.length; o++) {
                FloatBuffer src = from.output(o);
                int n = src.limit();
                values[o] = FloatWidening.reuse(values[o], n);
                values[o].put(0, src, 0, n);
                long[] shape = from.outputShape(o);
                if (shapes[o] == null || shapes[o].length != shape.length) {
                    shapes[o] = shape.clone();
                } else {
                    System.arraycopy(shape, 0, shapes[o], 0, shape.length);
                }
            }
        }

        @Override
        public int outputCount() {
            return values.length;
        }

        @Override
        public FloatBuffer output(int index) {
            FloatBuffer b = values[index];
            b.position(0);
            return b;
        }

        @Override
        public long[] outputShape(int index) {
            return shapes[index];
        }
    }
}
