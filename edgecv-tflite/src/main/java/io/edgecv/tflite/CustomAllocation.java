package io.edgecv.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kDefaultTensorAlignment;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteArenaRw;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteCustomAllocation;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * Hands a Java direct buffer to TensorFlow Lite as a tensor's memory ({@code SetCustomAllocationForTensor}): the
 * buffer is over-allocated and sliced at TFLite's 64-byte alignment, and owned by the Java heap, so it outlives
 * the interpreter safely.
 *
 * <p>Thread-safety: stateless.
 */
final class CustomAllocation {
    private CustomAllocation() {
    }

    /**
     * @return the aligned buffer now backing tensor {@code index} (call {@code AllocateTensors} next), or null if
     *         TensorFlow Lite keeps its own memory for it
     */
    static ByteBuffer give(Interpreter interpreter, int index) {
        TfLiteTensor t = interpreter.tensor(index);
        if (t == null || t.isNull() || t.allocation_type() != kTfLiteArenaRw || t.bytes() <= 0
                || t.bytes() > Integer.MAX_VALUE - 128) {
            return null;
        }
        int bytes = (int) t.bytes();
        int alignment = Math.max(64, kDefaultTensorAlignment());
        ByteBuffer raw = ByteBuffer.allocateDirect(bytes + alignment);
        long address;
        try (BytePointer p = new BytePointer(raw)) {
            address = p.address();
        }
        int skip = (int) ((alignment - address % alignment) % alignment);
        ByteBuffer aligned = raw.position(skip).limit(skip + bytes).slice().order(ByteOrder.nativeOrder());
        try (TfLiteCustomAllocation a = new TfLiteCustomAllocation()) {
            a.data(new Pointer(aligned)).bytes(bytes);
            if (interpreter.SetCustomAllocationForTensor(index, a) != 0) {
                return null;
            }
        }
        return aligned;
    }

    /**
     * @return {@code owned}, after checking that the tensor really uses it
     * @throws IllegalStateException if TensorFlow Lite moved the tensor elsewhere
     */
    static ByteBuffer check(TfLiteTensor t, ByteBuffer owned) {
        owned.clear();
        long want;
        try (BytePointer p = new BytePointer(owned)) {
            want = p.address();
        }
        BytePointer raw = t.data().raw();
        if (raw == null || raw.address() != want || t.bytes() != owned.capacity()) {
            throw new IllegalStateException("TFLite tensor " + t.name().getString() + " does not use the memory"
                    + " EdgeCV gave it");
        }
        return owned;
    }
}
