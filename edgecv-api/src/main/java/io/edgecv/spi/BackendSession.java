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

    /** Releases the native resources. Idempotent. */
    @Override
    void close();
}
