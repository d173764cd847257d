package io.edgecv.tflite;

import io.edgecv.InvalidModelException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithXNNPACK;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.OpResolver;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * The native objects of one TensorFlow Lite model, created in dependency order and freed in reverse: the model
 * bytes in native memory, the flatbuffer model over them, the op resolver (with or without the XNNPACK
 * delegate), and the interpreter with its tensors allocated. Callers hand it bytes that
 * {@link TfLiteModelVerifier} accepted; the native flatbuffer verifier runs again as a second line of defence.
 *
 * <p>Thread-safety: not thread-safe. {@link #close()} is idempotent.
 */
final class NativeInterpreter implements AutoCloseable {
    private final BytePointer data;
    private final FlatBufferModel model;
    private final OpResolver resolver;
    private final InterpreterBuilder builder;
    private final Interpreter interpreter;
    private boolean closed;

    private NativeInterpreter(BytePointer data, FlatBufferModel model, OpResolver resolver,
                              InterpreterBuilder builder, Interpreter interpreter) {
        this.data = data;
        this.model = model;
        this.resolver = resolver;
        this.builder = builder;
        this.interpreter = interpreter;
    }

    /**
     * @param bytes verified model bytes
     * @param name the model's name, for messages
     * @param o settings
     * @return the interpreter with its tensors allocated
     * @throws InvalidModelException if TensorFlow Lite refuses the model (its reason is on standard error)
     */
    static NativeInterpreter create(byte[] bytes, String name, TfLiteOptions o) throws InvalidModelException {
        Loader.load(tensorflowlite.class);
        BytePointer data = new BytePointer(bytes.length);
        data.put(bytes);
        FlatBufferModel model = null;
        OpResolver resolver = null;
        InterpreterBuilder builder = null;
        Interpreter interpreter = null;
        boolean ok = false;
        try {
            model = FlatBufferModel.VerifyAndBuildFromBuffer(data, bytes.length);
            if (model == null || model.isNull()) {
                throw new InvalidModelException("TensorFlow Lite's flatbuffer verifier rejected " + name
                        + "; download or export the model again");
            }
            resolver = !o.xnnpack ? new BuiltinOpResolverWithoutDefaultDelegates()
                    : o.xnnpackQu8 ? new BuiltinOpResolverWithXNNPACK(true) : new BuiltinOpResolver();
            builder = new InterpreterBuilder(model, resolver);
            builder.SetNumThreads(o.threads);
            interpreter = new Interpreter((Pointer) null);
            if (builder.apply(interpreter) != 0 || interpreter.isNull()) {
                throw new InvalidModelException("TensorFlow Lite could not build an interpreter for " + name
                        + " (its reason is printed on standard error): the model uses an operator or operator"
                        + " version this TensorFlow Lite (" + TfLiteBackendProvider.runtimeVersion()
                        + ") does not have, or a custom operator");
            }
            interpreter.SetAllowFp16PrecisionForFp32(o.allowFp16);
            if (interpreter.AllocateTensors() != 0) {
                throw new InvalidModelException("TensorFlow Lite could not prepare " + name + " (its reason is"
                        + " printed on standard error): an operator rejected its tensors' shapes or types, or the"
                        + " model uses a custom operator or operator version this TensorFlow Lite ("
                        + TfLiteBackendProvider.runtimeVersion() + ") does not have");
            }
            ok = true;
            return new NativeInterpreter(data, model, resolver, builder, interpreter);
        } finally {
            if (!ok) {
                release(interpreter, builder, resolver, model, data);
            }
        }
    }

    /** @return the interpreter */
    Interpreter interpreter() {
        if (closed) {
            throw new IllegalStateException("TFLite interpreter is closed");
        }
        return interpreter;
    }

    private static void release(Pointer... pointers) {
        for (Pointer p : pointers) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(interpreter, builder, resolver, model, data);
        }
    }
}
