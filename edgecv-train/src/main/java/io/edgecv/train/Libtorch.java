package io.edgecv.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads libtorch (DJL's PyTorch engine) once, after telling its OpenMP runtime to let idle threads sleep.
 *
 * <p>libtorch's OpenMP (GNU libgomp, bundled in DJL's native jar) spins idle threads by default. On a host whose
 * cores are busy with other work, the spinning threads fight the working ones: a forward and backward pass of
 * SSD-MobileNetV2 took 5 to 8 s with 2 threads at load average 9, against 0.17 s with {@code
 * OMP_WAIT_POLICY=PASSIVE} (same host, same minute). libgomp reads the variable once, when it is loaded, so it is
 * set here (through the C library's {@code setenv}, by JNA) before libtorch loads, unless the user set it. If DJL's
 * PyTorch engine was loaded before this class (by other code in the JVM), the setting cannot take effect: then set
 * {@code OMP_WAIT_POLICY=PASSIVE} in the environment.
 *
 * <p>Thread-safety: thread-safe (class initialisation).
 */
final class Libtorch {
    private static final Logger LOG = LoggerFactory.getLogger(Libtorch.class);
    private static final Engine ENGINE = load();

    private Libtorch() {
    }

    /** The C library's setenv. */
    interface C extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private static Engine load() {
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            try {
                Native.load("c", C.class).setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                LOG.warn("could not set OMP_WAIT_POLICY=PASSIVE ({}); on a busy host set it in the environment:"
                        + " libtorch's spinning threads slow training many times over", e.toString());
            }
        }
        return Engine.getEngine("PyTorch");
    }

    /** @return the PyTorch engine, loaded */
    static Engine engine() {
        return ENGINE;
    }

    /** @param threads libtorch's intra-op threads (process-wide), or 0 to keep its default */
    static void threads(int threads) {
        engine();
        if (threads > 0) {
            JniUtils.setNumThreads(threads);
        }
    }
}
