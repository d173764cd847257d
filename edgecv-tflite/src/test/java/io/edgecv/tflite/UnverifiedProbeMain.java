package io.edgecv.tflite;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/**
 * A probe program for tests that hands a file to TensorFlow Lite with no verification at all, as the backend
 * never does: it shows that a native crash in the probe process is caught and reported.
 */
final class UnverifiedProbeMain {
    private UnverifiedProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        Loader.load(tensorflowlite.class);
        byte[] b = Files.readAllBytes(Path.of(args[0]));
        BytePointer data = new BytePointer(b.length);
        data.put(b);
        FlatBufferModel model = FlatBufferModel.BuildFromBuffer(data, b.length);
        if (model == null || model.isNull()) {
            System.out.println("no model");
            System.exit(ProbeMain.REFUSED);
        }
        BuiltinOpResolver resolver = new BuiltinOpResolver();
        Interpreter interpreter = new Interpreter((Pointer) null);
        if (new InterpreterBuilder(model, resolver).apply(interpreter) != 0 || interpreter.AllocateTensors() != 0
                || interpreter.Invoke() != 0) {
            System.out.println("TensorFlow Lite refused it");
            System.exit(ProbeMain.REFUSED);
        }
        System.exit(ProbeMain.OK);
    }
}
