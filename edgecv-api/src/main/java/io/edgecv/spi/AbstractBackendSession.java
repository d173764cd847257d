package io.edgecv.spi;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The part of a {@link BackendSession} every backend writes the same way, for EdgeCV's backends and integrators'
 * own: the backend name, the input and output {@link TensorSpec}s, the metadata, each output's float values and
 * actual shape, the validation of {@link #setInputShape} arguments, and the closed flag with an idempotent
 * {@link #close()}. A subclass opens its runtime, computes the specs (in a static factory when they come from a
 * native handle, since they are constructor arguments), passes them to this constructor, publishes each output
 * with {@link #setOutput} (once for memory the runtime writes in place, or after each run for values it copies),
 * and frees its native resources in {@link #release()}.
 *
 * <p>Thread-safety: not thread-safe, like every {@link BackendSession}: one thread at a time may fill, run and read.
 * {@link #close()} is idempotent; {@link #ensureOpen()} makes other calls after it throw
 * {@link IllegalStateException}.
 */
public abstract class AbstractBackendSession implements BackendSession {
    private final String backendName;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final List<TensorSpec> outputsView;
    private final Map<String, String> metadata;
    private final FloatBuffer[] outputValues;
    private final int[] outputLengths;
    private final long[][] outputShapes;
    private boolean closed;

    /**
     * @param backendName the name {@link #backendName()} reports, for example {@code "onnx"}
     * @param inputs the model's inputs, in order
     * @param outputs the model's outputs, in order; dynamic dimensions {@code -1}. Each output's shape starts as
     *                its spec's until {@link #setOutput} sets the actual one
     * @param metadata key-value metadata the model carries (copied)
     */
    protected AbstractBackendSession(String backendName, List<TensorSpec> inputs, List<TensorSpec> outputs,
                                     Map<String, String> metadata) {
        this.backendName = backendName;
        this.inputs = List.copyOf(inputs);
        this.outputs = new ArrayList<>(outputs);
        this.outputsView = Collections.unmodifiableList(this.outputs);
        this.metadata = Map.copyOf(metadata);
        int no = outputs.size();
        this.outputValues = new FloatBuffer[no];
        this.outputLengths = new int[no];
        this.outputShapes = new long[no][];
        for (int o = 0; o < no; o++) {
            outputShapes[o] = this.outputs.get(o).shape();
        }
    }

    @Override
    public final String backendName() {
        return backendName;
    }

    @Override
    public final List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public final List<TensorSpec> outputs() {
        return outputsView;
    }

    @Override
    public final Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public final int outputCount() {
        return outputs.size();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the session is closed, or the output has no values yet (its shape waits
     *                               for an input's dynamic dimensions)
     */
    @Override
    public FloatBuffer output(int index) {
        ensureOpen();
        FloatBuffer b = outputValues[index];
        if (b == null) {
            throw new IllegalStateException("output '" + outputs.get(index).name() + "' has no shape until every"
                    + " dynamic input has one: call setInputShape");
        }
        b.limit(outputLengths[index]).position(0);
        return b;
    }

    /** {@inheritDoc} Before the first {@link #setOutput} it is the spec's shape ({@code -1} where dynamic). */
    @Override
    public long[] outputShape(int index) {
        return outputShapes[index];
    }

    /**
     * Publishes an output's values and actual shape: {@link #output} returns {@code values} with position 0 and
     * the limit it has now (its element count), {@link #outputShape} returns {@code shape} itself (not copied, so a
     * subclass may update it in place). Call it whenever the buffer, its length or the shape changes.
     *
     * @param index output index
     * @param values the output's floats from index 0, limit = element count
     * @param shape the output's actual shape, owned by the session from now on
     */
    protected final void setOutput(int index, FloatBuffer values, long[] shape) {
        outputValues[index] = values;
        outputLengths[index] = values.limit();
        outputShapes[index] = shape;
    }

    /**
     * @param index output index
     * @return the buffer last given to {@link #setOutput} for that output (to reuse it), or null; no state check
     */
    protected final FloatBuffer outputValues(int index) {
        return outputValues[index];
    }

    /**
     * Replaces an output's spec, for a backend that learns the output shapes only after opening (for example by
     * running the model once).
     *
     * @param index output index
     * @param spec the new spec
     */
    protected final void setOutputSpec(int index, TensorSpec spec) {
        outputs.set(index, spec);
    }

    /**
     * The checks every {@link #setInputShape} starts with: the session is open, the shape has the input's rank,
     * every dimension is positive, and every static dimension of the input is matched.
     *
     * @param index input index
     * @param shape the requested shape
     * @return the input's spec
     * @throws IllegalStateException if the session is closed
     * @throws IllegalArgumentException naming the shape and the input if it does not fit
     */
    protected final TensorSpec checkInputShape(int index, long[] shape) {
        ensureOpen();
        TensorSpec in = inputs.get(index);
        if (shape.length != in.rank()) {
            throw new IllegalArgumentException("input " + in + " has rank " + in.rank() + ", shape "
                    + Arrays.toString(shape) + " does not");
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] <= 0 || (in.dim(d) >= 0 && in.dim(d) != shape[d])) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not fit input " + in);
            }
        }
        return in;
    }

    /**
     * @throws IllegalStateException if the session is closed; the message names {@link #describe()}
     */
    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
    }

    /** @return whether {@link #close()} has been called */
    protected final boolean isClosed() {
        return closed;
    }

    /** @return how error messages name this session; by default the backend name followed by "session" */
    protected String describe() {
        return backendName + " session";
    }

    /** Marks the session closed and calls {@link #release()} the first time; later calls do nothing. */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    /**
     * Frees the runtime's native resources. Called once, by the first {@link #close()}, after the session is marked
     * closed; it should log rather than throw failures to free.
     */
    protected abstract void release();
}
