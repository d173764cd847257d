package io.edgecv.tflite;

import io.edgecv.InvalidModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.tensorflowlite.Interpreter;

/**
 * Entry point of the probe process {@link ModelProbe} starts: loads a model with TensorFlow Lite exactly as the
 * backend would, allocates its tensors and runs it once on zeros, then exits. Exit 0: loaded and ran; exit 3:
 * TensorFlow Lite refused the model cleanly (reason on standard output); exit 4: a Java error such as running out
 * of memory (on standard output); exit 1: the probe could not start; any other exit or a signal: the native code
 * crashed, so the calling JVM refuses the model.
 *
 * <p>Thread-safety: a program; single-threaded.
 */
final class ProbeMain {
    static final int OK = 0;
    static final int REFUSED = 3;
    static final int FAILED = 4;

    private ProbeMain() {
    }

    /**
     * @param args model path, then {@link TfLiteOptions#toArgs()}, then the model's name for messages
     * @throws Exception never on purpose; an unexpected one exits non-zero
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        TfLiteOptions options = TfLiteOptions.fromArgs(args, 1);
        String name = args.length > 5 ? args[5] : file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        try {
            VerifiedModel verified = TfLiteModelVerifier.verify(bytes, name);
            ShapeCheck.check(bytes, name, verified);
            try (NativeInterpreter ni = NativeInterpreter.create(bytes, name, options)) {
                Interpreter in = ni.interpreter();
                if (in.Invoke() != 0) {
                    System.out.println("TensorFlow Lite failed to run the model on a zero input");
                    System.exit(REFUSED);
                }
            }
        } catch (InvalidModelException e) {
            System.out.println(e.getMessage());
            System.exit(REFUSED);
        } catch (Throwable e) {
            System.out.println("the probe failed: " + e);
            System.exit(FAILED);
        }
        System.exit(OK);
    }
}
