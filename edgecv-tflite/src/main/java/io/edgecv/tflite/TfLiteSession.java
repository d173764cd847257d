package io.edgecv.tflite;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteDynamic;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.AbstractBackendSession;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.FloatWidening;
import io.edgecv.spi.OutputTensors;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * A TensorFlow Lite interpreter as an EdgeCV session. Input buffers are direct views of the interpreter's own
 * input tensor memory, so preprocessing writes where TensorFlow Lite reads; float32 outputs are direct float
 * views of the output tensors. Quantized (uint8/int8) outputs are dequantized with their scale and zero point,
 * float16 and integer outputs converted, into float buffers reused across runs. After
 * {@link #setInputShape} the tensors are reallocated and every view is fetched again.
 *
 * <p>Slots ({@link #openSlots}): where every input and output tensor lives in Java-owned memory (static shapes),
 * each extra slot gets input and output buffers of its own, and {@link #run(int)} hands them to the interpreter as
 * the tensors' custom allocations before invoking it (TFLite reassigns a custom allocation in place; XNNPACK sets
 * its runtime up again when a tensor's address changes). Otherwise the session keeps one slot.
 *
 * <p>Thread-safety: not thread-safe (see {@link BackendSession}).
 */
final class TfLiteSession extends AbstractBackendSession {
    private final NativeInterpreter nativeInterpreter;
    private final Interpreter interpreter;
    private final int[] inputIndex;
    private final int[] outputIndex;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final boolean[] inputBound;
    private final ByteBuffer[] inputBuffers;
    private final long[][] inputShapes;
    private final ByteBuffer[] outputSources;
    private final boolean[] outputDynamic;
    /** Java-owned tensor memory handed to TFLite as custom allocations (null where TFLite owns it). */
    private final ByteBuffer[] ownedInputs;
    private final ByteBuffer[] ownedOutputs;
    /** Every slot's memory, slot 0 first; empty until {@link #openSlots} asks for more than one. */
    private final List<TfLiteSlot> slots = new ArrayList<>();
    /** The slot whose memory the tensors use. */
    private int current;

    private TfLiteSession(NativeInterpreter nativeInterpreter, Map<String, String> metadata, int[] inputIndex,
                          int[] outputIndex) throws InvalidModelException {
        super(TfLiteBackendProvider.NAME, specs(nativeInterpreter.interpreter(), inputIndex, true),
                specs(nativeInterpreter.interpreter(), outputIndex, false), metadata);
        this.nativeInterpreter = nativeInterpreter;
        this.interpreter = nativeInterpreter.interpreter();
        this.inputIndex = inputIndex;
        this.outputIndex = outputIndex;
        this.inputs = inputs();
        this.outputs = outputs();
        int ni = inputIndex.length;
        int no = outputIndex.length;
        this.inputBound = new boolean[ni];
        this.inputBuffers = new ByteBuffer[ni];
        this.inputShapes = new long[ni][];
        this.outputSources = new ByteBuffer[no];
        this.outputDynamic = new boolean[no];
        this.ownedInputs = new ByteBuffer[ni];
        this.ownedOutputs = new ByteBuffer[no];
        for (int i = 0; i < ni; i++) {
            TensorSpec in = inputs.get(i);
            if (in.type() == ElementType.OTHER) {
                throw new InvalidModelException("input " + in.name() + " has a TFLite type EdgeCV cannot feed ("
                        + tensor(interpreter, inputIndex[i]).type() + ")");
            }
            inputBound[i] = in.isStatic();
        }
        for (int o = 0; o < no; o++) {
            if (outputs.get(o).type() == ElementType.OTHER) {
                throw new InvalidModelException("output " + outputs.get(o).name() + " has a TFLite type EdgeCV"
                        + " cannot decode (" + tensor(interpreter, outputIndex[o]).type() + ")");
            }
        }
        ownTensorMemory();
        bindAll();
    }

    /**
     * Wraps an interpreter whose tensors are allocated.
     *
     * @param nativeInterpreter the interpreter; the session closes it
     * @param metadata the model's metadata
     * @return the session
     * @throws InvalidModelException if the model has no inputs or outputs, or tensors of types EdgeCV cannot use
     */
    static TfLiteSession of(NativeInterpreter nativeInterpreter, Map<String, String> metadata)
            throws InvalidModelException {
        Interpreter interpreter = nativeInterpreter.interpreter();
        return new TfLiteSession(nativeInterpreter, metadata, indices(interpreter, interpreter.inputs(), "inputs"),
                indices(interpreter, interpreter.outputs(), "outputs"));
    }

    /**
     * For models with static inputs, replaces TFLite's own memory of every input and output tensor with Java
     * direct buffers (64-byte aligned custom allocations): still zero-copy, and a buffer kept after
     * {@link #close()} stays valid memory instead of pointing into a freed arena. Tensors TFLite refuses this
     * for (dynamic, constant, shared between input and output) keep TFLite's memory.
     */
    private void ownTensorMemory() throws InvalidModelException {
        for (TensorSpec in : inputs) {
            if (!in.isStatic()) {
                return;
            }
        }
        boolean any = false;
        for (int i = 0; i < inputIndex.length; i++) {
            if (!isOutput(inputIndex[i])) {
                ownedInputs[i] = CustomAllocation.give(interpreter, inputIndex[i]);
                any |= ownedInputs[i] != null;
            }
        }
        for (int o = 0; o < outputIndex.length; o++) {
            if (!isInput(outputIndex[o])) {
                ownedOutputs[o] = CustomAllocation.give(interpreter, outputIndex[o]);
                any |= ownedOutputs[o] != null;
            }
        }
        if (any && interpreter.AllocateTensors() != 0) {
            throw new InvalidModelException("TensorFlow Lite could not allocate the model's tensors in"
                    + " EdgeCV's buffers (its reason is printed on standard error)");
        }
    }

    private boolean isOutput(int tensor) {
        for (int x : outputIndex) {
            if (x == tensor) {
                return true;
            }
        }
        return false;
    }

    private boolean isInput(int tensor) {
        for (int x : inputIndex) {
            if (x == tensor) {
                return true;
            }
        }
        return false;
    }

    private static int[] indices(Interpreter interpreter, IntPointer p, String what) throws InvalidModelException {
        if (p == null || p.isNull()) {
            throw new InvalidModelException("the TFLite model has no " + what);
        }
        int n = (int) p.limit();
        long tensors = interpreter.tensors_size();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = p.get(i);
            if (a[i] < 0 || a[i] >= tensors) {
                throw new InvalidModelException("the TFLite model's " + what + " name tensor " + a[i]
                        + " of " + tensors);
            }
        }
        if (n == 0) {
            throw new InvalidModelException("the TFLite model has no " + what);
        }
        return a;
    }

    private TfLiteTensor tensor(int index) {
        return tensor(interpreter, index);
    }

    private static TfLiteTensor tensor(Interpreter interpreter, int index) {
        TfLiteTensor t = interpreter.tensor(index);
        if (t == null || t.isNull()) {
            throw new IllegalStateException("TFLite returned no tensor " + index);
        }
        return t;
    }

    private static List<TensorSpec> specs(Interpreter interpreter, int[] indices, boolean isInput) {
        List<TensorSpec> list = new ArrayList<>();
        for (int index : indices) {
            TfLiteTensor t = tensor(interpreter, index);
            BytePointer name = t.name();
            long[] shape = dims(t.dims());
            TfLiteIntArray sig = t.dims_signature();
            if (sig != null && !sig.isNull() && sig.size() == shape.length) {
                long[] s = dims(sig);
                for (int d = 0; d < s.length; d++) {
                    if (s[d] < 0) {
                        shape[d] = -1;
                    }
                }
            }
            ElementType type = TensorTypes.of(t.type());
            float scale = 0f;
            int zeroPoint = 0;
            if (type == ElementType.UINT8 || type == ElementType.INT8) {
                scale = t.params().scale();
                zeroPoint = t.params().zero_point();
            }
            list.add(new TensorSpec(name == null || name.isNull() ? (isInput ? "input" : "output") + index
                    : name.getString(), type, shape, scale, zeroPoint));
        }
        return List.copyOf(list);
    }

    private static long[] dims(TfLiteIntArray d) {
        if (d == null || d.isNull()) {
            return new long[0];
        }
        long[] s = new long[d.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = d.data(i);
        }
        return s;
    }

    /** Fetches every input and output view again: tensor memory moves when tensors are reallocated. */
    private void bindAll() {
        for (int i = 0; i < inputIndex.length; i++) {
            TfLiteTensor t = tensor(inputIndex[i]);
            inputShapes[i] = dims(t.dims());
            inputBuffers[i] = ownedInputs[i] != null ? CustomAllocation.check(t, ownedInputs[i])
                    : view(t, inputs.get(i), inputShapes[i]);
        }
        for (int o = 0; o < outputIndex.length; o++) {
            bindOutput(o);
        }
    }

    private void bindOutput(int o) {
        TfLiteTensor t = tensor(outputIndex[o]);
        TensorSpec spec = outputs.get(o);
        outputDynamic[o] = t.allocation_type() == kTfLiteDynamic;
        long[] shape = dims(t.dims());
        ByteBuffer src = ownedOutputs[o] != null && !outputDynamic[o] ? CustomAllocation.check(t, ownedOutputs[o])
                : view(t, spec, shape);
        outputSources[o] = src;
        int n = Math.toIntExact(TensorSpec.elementCount(shape));
        FloatBuffer values = spec.type() == ElementType.FLOAT32 ? src.asFloatBuffer().limit(n)
                : FloatWidening.reuse(outputValues(o), n);
        setOutput(o, values, shape);
    }

    /** @return a direct, native-order view of the tensor's memory, checked against its shape and type */
    private static ByteBuffer view(TfLiteTensor t, TensorSpec spec, long[] shape) {
        long bytes = t.bytes();
        long need = TensorSpec.elementCount(shape) * spec.type().bytes();
        if (bytes != need || bytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("TFLite tensor " + spec.name() + " holds " + bytes + " bytes, its shape "
                    + Arrays.toString(shape) + " of " + spec.type() + " needs " + need);
        }
        if (bytes == 0) {
            return ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
        }
        BytePointer raw = t.data().raw();
        if (raw == null || raw.isNull()) {
            throw new IllegalStateException("TFLite tensor " + spec.name() + " has no memory");
        }
        raw.capacity(bytes).limit(bytes);
        return raw.asByteBuffer().order(ByteOrder.nativeOrder());
    }

    @Override
    public void setInputShape(int index, long[] shape) throws EdgeCvException {
        TensorSpec in = checkInputShape(index, shape);
        if (!slots.isEmpty() && !Arrays.equals(shape, inputShapes[index])) {
            throw new IllegalStateException("input shapes are fixed once extra slots are open");
        }
        int[] dims = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not fit input " + in);
            }
            dims[d] = (int) shape[d];
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(TensorSpec.elementCount(shape), in.type().bytes());
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (bytes > TfLiteModelVerifier.MAX_TENSOR_BYTES) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of input " + in.name()
                    + " would take more than 2 GiB");
        }
        if (!Arrays.equals(shape, inputShapes[index])) {
            if (interpreter.ResizeInputTensor(inputIndex[index], dims) != 0 || interpreter.AllocateTensors() != 0) {
                throw new EdgeCvException("TensorFlow Lite cannot run input " + in.name() + " at shape "
                        + Arrays.toString(shape) + " (its reason is printed on standard error)");
            }
            bindAll();
        }
        inputBound[index] = true;
    }

    @Override
    public ByteBuffer inputBuffer(int index) {
        ensureOpen();
        if (!inputBound[index]) {
            throw new IllegalStateException("input " + inputs.get(index) + " has dynamic dimensions: call"
                    + " setInputShape first");
        }
        ByteBuffer b = inputBuffers[index];
        b.clear();
        return b;
    }

    @Override
    public void run() throws EdgeCvException {
        ensureOpen();
        use(0);
        for (int i = 0; i < inputBound.length; i++) {
            if (!inputBound[i]) {
                throw new IllegalStateException("input " + inputs.get(i) + " has dynamic dimensions: call"
                        + " setInputShape before run()");
            }
        }
        if (interpreter.Invoke() != 0) {
            throw new EdgeCvException("TensorFlow Lite failed to run the model (its reason is printed on standard"
                    + " error)");
        }
        for (int o = 0; o < outputIndex.length; o++) {
            if (outputDynamic[o]) {
                bindOutput(o); // dynamic tensors may move or change shape on every run
            }
            TensorSpec spec = outputs.get(o);
            if (spec.type() != ElementType.FLOAT32) {
                FloatBuffer dst = outputValues(o);
                FloatWidening.widen(spec.type(), outputSources[o], dst.limit(), spec.scale(), spec.zeroPoint(), dst);
            }
        }
    }

    @Override
    public int openSlots(int count) throws EdgeCvException {
        ensureOpen();
        if (count < 1) {
            throw new IllegalArgumentException("slot count " + count + " must be at least 1");
        }
        for (int o = 0; o < outputIndex.length; o++) {
            if (ownedOutputs[o] == null || outputDynamic[o]) {
                return Math.max(1, slots.size());
            }
        }
        for (ByteBuffer b : ownedInputs) {
            if (b == null) {
                return Math.max(1, slots.size());
            }
        }
        if (slots.isEmpty() && count > 1) {
            slots.add(new TfLiteSlot(this, ownedInputs, ownedOutputs, ownedInputs, ownedOutputs));
        }
        while (slots.size() < count) {
            slots.add(new TfLiteSlot(this, null, null, ownedInputs, ownedOutputs));
        }
        return Math.max(1, slots.size());
    }

    @Override
    public ByteBuffer inputBuffer(int slot, int index) {
        if (slot == 0) {
            return inputBuffer(index);
        }
        ByteBuffer b = slot(slot).inputs[index];
        b.clear();
        return b;
    }

    @Override
    public void run(int slot) throws EdgeCvException {
        if (slot == 0) {
            run();
            return;
        }
        TfLiteSlot s = slot(slot);
        ensureOpen();
        use(slot);
        if (interpreter.Invoke() != 0) {
            throw new EdgeCvException("TensorFlow Lite failed to run the model in slot " + slot + " (its reason is"
                    + " printed on standard error)");
        }
        for (int o = 0; o < outputIndex.length; o++) {
            TensorSpec spec = outputs.get(o);
            if (spec.type() != ElementType.FLOAT32) {
                FloatBuffer dst = s.values[o];
                FloatWidening.widen(spec.type(), s.outputs[o], dst.limit(), spec.scale(), spec.zeroPoint(), dst);
            }
        }
    }

    @Override
    public OutputTensors outputs(int slot) {
        return slot == 0 ? this : slot(slot);
    }

    private TfLiteSlot slot(int slot) {
        ensureOpen();
        if (slot < 1 || slot >= slots.size()) {
            throw new IllegalArgumentException("slot " + slot + " does not exist: this session holds "
                    + Math.max(1, slots.size()) + " (see openSlots)");
        }
        return slots.get(slot);
    }

    /** Points every input and output tensor at {@code slot}'s memory, if it is not there already. */
    private void use(int slot) throws EdgeCvException {
        if (slot != current && !slots.isEmpty()) {
            slots.get(slot).assign(interpreter, inputIndex, outputIndex);
            current = slot;
        }
    }

    /** For {@link TfLiteSlot}: throws if closed. */
    void checkOpen() {
        ensureOpen();
    }

    @Override
    protected String describe() {
        return "TFLite session";
    }

    @Override
    protected void release() {
        nativeInterpreter.close();
        for (TfLiteSlot s : slots) {
            s.close();
        }
    }
}
