package io.edgecv.tflite;

import io.edgecv.EdgeCvException;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.FloatWidening;
import io.edgecv.spi.OutputTensors;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteCustomAllocation;

/**
 * One inference slot of a {@link TfLiteSession}: input and output tensor memory of its own (direct, 64-byte
 * aligned, native order), the custom-allocation records that point TFLite's tensors at it, and the outputs as floats
 * (views of float32 tensors, widened copies of the others).
 *
 * <p>Thread-safety: not thread-safe; used by its session (see {@code BackendSession} on slots and threads).
 */
final class TfLiteSlot implements OutputTensors {
    final ByteBuffer[] inputs;
    final ByteBuffer[] outputs;
    final FloatBuffer[] values;
    final TfLiteCustomAllocation[] inputAllocations;
    final TfLiteCustomAllocation[] outputAllocations;
    private final TfLiteSession session;

    /**
     * @param session the owner
     * @param in the slot's input buffers, or null for new ones the size of {@code likeIn}
     * @param out the slot's output buffers, or null for new ones the size of {@code likeOut}
     */
    TfLiteSlot(TfLiteSession session, ByteBuffer[] in, ByteBuffer[] out, ByteBuffer[] likeIn, ByteBuffer[] likeOut) {
        this.session = session;
        inputs = in != null ? in : fresh(likeIn);
        outputs = out != null ? out : fresh(likeOut);
        inputAllocations = allocations(inputs);
        outputAllocations = allocations(outputs);
        values = new FloatBuffer[outputs.length];
        for (int o = 0; o < outputs.length; o++) {
            int n = Math.toIntExact(TensorSpec.elementCount(session.outputShape(o)));
            values[o] = session.outputs().get(o).type() == ElementType.FLOAT32
                    ? outputs[o].duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().limit(n)
                    : FloatWidening.reuse(null, n);
        }
    }

    private static ByteBuffer[] fresh(ByteBuffer[] like) {
        ByteBuffer[] b = new ByteBuffer[like.length];
        for (int i = 0; i < b.length; i++) {
            int bytes = like[i].capacity();
            // alignedSlice moves the start up and the end down to 64-byte boundaries: 128 spare bytes cover both
            b[i] = ByteBuffer.allocateDirect(bytes + 128).alignedSlice(64).limit(bytes).slice()
                    .order(ByteOrder.nativeOrder());
        }
        return b;
    }

    private static TfLiteCustomAllocation[] allocations(ByteBuffer[] buffers) {
        TfLiteCustomAllocation[] a = new TfLiteCustomAllocation[buffers.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new TfLiteCustomAllocation().data(new Pointer(buffers[i])).bytes(buffers[i].capacity());
        }
        return a;
    }

    /**
     * Hands this slot's memory to the interpreter as its input and output tensors' custom allocations.
     *
     * @throws EdgeCvException if TFLite refuses one
     */
    void assign(Interpreter interpreter, int[] inputIndex, int[] outputIndex) throws EdgeCvException {
        for (int i = 0; i < inputIndex.length; i++) {
            assign(interpreter, inputIndex[i], inputAllocations[i]);
        }
        for (int o = 0; o < outputIndex.length; o++) {
            assign(interpreter, outputIndex[o], outputAllocations[o]);
        }
    }

    private static void assign(Interpreter interpreter, int tensor, TfLiteCustomAllocation a)
            throws EdgeCvException {
        if (interpreter.SetCustomAllocationForTensor(tensor, a) != 0) {
            throw new EdgeCvException("TensorFlow Lite refused a slot's memory for tensor " + tensor
                    + " (its reason is printed on standard error)");
        }
    }

    /** Frees the allocation records (the buffers belong to the Java heap). */
    void close() {
        for (TfLiteCustomAllocation a : inputAllocations) {
            a.close();
        }
        for (TfLiteCustomAllocation a : outputAllocations) {
            a.close();
        }
    }

    @Override
    public int outputCount() {
        return values.length;
    }

    @Override
    public FloatBuffer output(int index) {
        session.checkOpen();
        return values[index].position(0);
    }

    @Override
    public long[] outputShape(int index) {
        return session.outputShape(index);
    }
}
