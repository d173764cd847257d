package io.edgecv.spi;

import io.edgecv.EdgeCvException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * An opened model in one runtime: fill the input buffers, {@link #run()}, read the outputs.
 *
 * <p>The input buffers are direct, in native byte order, and belong to the session: preprocessing writes into
 * them in place and the backend runs on that memory with no copy (ONNX Runtime tensors are created on them,
 * TFLite hands out its own tensor memory). They are sized for the input's current shape.
 *
 * <p>Thread-safety: not thread-safe. One thread at a time may fill, run and read; {@link io.edgecv.Detector}
 * serialises its calls. {@link #close()} is idempotent; any other call after it throws
 * {@link IllegalStateException}.
 *
 * <p><b>Slots</b> (for pipelines). A session may hold more than one set of input and output buffers, so a
 * pipeline can fill the input of frame N+1 and decode the outputs of frame N-1 while frame N runs. Slot 0 is
 * always the session's own buffers ({@link #inputBuffer(int)}, {@link #run()} and the session as
 * {@link OutputTensors}). {@link #openSlots} asks for more; a backend that cannot double-buffer keeps the default
 * of one slot and a pipeline then stages its inputs and copies its outputs itself. With several slots, calls of
 * {@link #run(int)} still come from one thread at a time, but other threads may meanwhile write
 * {@link #inputBuffer(int, int)} and read {@link #outputs(int)} of <em>other</em> slots.
 */
public interface BackendSession extends OutputTensors, AutoCloseable {
    /** @return the name of the backend that opened the session, for example {@code "onnx"} */
    String backendName();

    /** @return the model's inputs, in order */
    List<TensorSpec> inputs();

    /** @return the model's outputs, in order; dynamic dimensions are {@code -1} */
    List<TensorSpec> outputs();

    /**
     * Metadata the model file carries, such as ONNX {@code metadata_props} (Ultralytics writes {@code names},
     * {@code imgsz}, {@code task}, {@code stride} there) or the contents of a {@code metadata.yaml} beside it.
     *
     * @return key-value metadata; empty if none
     */
    Map<String, String> metadata();

    /**
     * Fixes the dynamic dimensions of an input. Must be called before {@link #inputBuffer} for inputs whose shape
     * has a {@code -1}; calling it with the current shape does nothing.
     *
     * @param index input index
     * @param shape the full shape, every dimension positive, matching the model's static dimensions
     * @throws EdgeCvException if the runtime cannot take that shape
     * @throws IllegalArgumentException if the shape contradicts a static dimension
     */
    void setInputShape(int index, long[] shape) throws EdgeCvException;

    /**
     * @param index input index
     * @return the direct, native-order buffer the next {@link #run()} reads that input from, position 0
     * @throws IllegalStateException if the input still has dynamic dimensions
     */
    ByteBuffer inputBuffer(int index);

    /**
     * Runs the model on the current contents of the input buffers.
     *
     * @throws EdgeCvException if the runtime reports a failure
     */
    void run() throws EdgeCvException;

    /**
     * Asks for {@code count} independent input/output buffer sets. Call it once every input has its final shape;
     * changing an input's shape afterwards is refused while extra slots exist.
     *
     * @param count slots wanted, at least 1
     * @return the slots the session now holds, between 1 and {@code count}; 1 when the backend cannot
     *         double-buffer (the default)
     * @throws EdgeCvException if the runtime fails to create the buffers
     * @throws IllegalArgumentException if {@code count} is below 1
     * @throws IllegalStateException if an input still has dynamic dimensions
     */
    default int openSlots(int count) throws EdgeCvException {
        if (count < 1) {
            throw new IllegalArgumentException("slot count " + count + " must be at least 1");
        }
        return 1;
    }

    /**
     * @param slot slot index, below what {@link #openSlots} returned
     * @param index input index
     * @return the direct, native-order buffer {@link #run(int)} of that slot reads the input from, position 0
     * @throws IllegalArgumentException if the slot does not exist
     */
    default ByteBuffer inputBuffer(int slot, int index) {
        checkDefaultSlot(slot);
        return inputBuffer(index);
    }

    /**
     * Runs the model on a slot's input buffers; its results are in {@link #outputs(int)} until the next run of the
     * same slot.
     *
     * @param slot slot index
     * @throws EdgeCvException if the runtime reports a failure
     * @throws IllegalArgumentException if the slot does not exist
     */
    default void run(int slot) throws EdgeCvException {
        checkDefaultSlot(slot);
        run();
    }

    /**
     * @param slot slot index
     * @return the outputs of the slot's last run, valid until its next run
     * @throws IllegalArgumentException if the slot does not exist
     */
    default OutputTensors outputs(int slot) {
        checkDefaultSlot(slot);
        return this;
    }

    private static void checkDefaultSlot(int slot) {
        if (slot != 0) {
            throw new IllegalArgumentException("slot " + slot + " does not exist: this session holds one slot"
                    + " (openSlots returned 1)");
        }
    }

    /** Releases the native resources. Idempotent. */
    @Override
    void close();
}
