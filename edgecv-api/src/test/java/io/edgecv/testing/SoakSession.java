package io.edgecv.testing;

import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The session modes of {@link SoakMain}: a model opened as a bare {@link BackendSession} on the best available
 * backend for its format, its dynamic input dimensions set to BlazeFace's size (1x3x128x128 for a rank-4 input),
 * the input filled with a fixed pattern.
 *
 * <p>Thread-safety: stateless.
 */
final class SoakSession {
    private static final long[] BLAZEFACE_NCHW = {1, 3, 128, 128};

    private SoakSession() {
    }

    /** Runs {@code mode} ({@code run} or {@code session-open}) and prints its two stretches. */
    static void soak(String mode, Path model, int warmUp, int calls) throws Exception {
        ModelSource source = ModelSource.of(model);
        BackendProvider provider = Backends.select(source.format(), null);
        if (mode.equals("run")) {
            try (BackendSession s = open(provider, source)) {
                SoakMain.print(Soak.measure(s::run, warmUp, calls));
                SoakMain.print(Soak.measure(s::run, 0, calls));
            }
        } else {
            Soak.Call open = () -> {
                try (BackendSession s = open(provider, source)) {
                    s.run();
                }
            };
            SoakMain.print(Soak.measure(open, warmUp, calls));
            SoakMain.print(Soak.measure(open, 0, calls));
        }
    }

    private static BackendSession open(BackendProvider provider, ModelSource source) throws Exception {
        BackendSession s = provider.open(source, BackendOptions.of(1, Map.of()));
        for (int i = 0; i < s.inputs().size(); i++) {
            TensorSpec in = s.inputs().get(i);
            if (!in.isStatic()) {
                long[] shape = in.shape().clone();
                for (int d = 0; d < shape.length; d++) {
                    if (shape[d] < 0) {
                        shape[d] = shape.length == 4 ? BLAZEFACE_NCHW[d] : 1;
                    }
                }
                s.setInputShape(i, shape);
            }
            ByteBuffer b = s.inputBuffer(i);
            for (int k = 0; k < b.capacity(); k++) {
                b.put(k, (byte) (k % 61));
            }
        }
        return s;
    }
}
