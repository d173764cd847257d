package io.edgecv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.OutputTensors;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BackendSession} must do, run once per backend as DJL's integration suite runs once per
 * engine: subclass it in the backend's module with the provider and a real model it opens. A backend that cannot
 * run here skips every test with its reason, or fails them when named in {@code -Dedgecv.require}
 * ({@link RequiredBackends}). Grown from ncnn's {@code SessionContractTest} and the api's
 * {@code AbstractBackendSessionTest}.
 */
public abstract class BackendSessionContract {
    /** @return the backend under test */
    protected abstract BackendProvider provider();

    /** @return a real model the backend opens, with one float32 image input */
    protected abstract ModelSource model() throws Exception;

    /** @return the shape to fix a dynamic input to; the default keeps the model's (static) shape */
    protected long[] inputShape(TensorSpec input) {
        return input.shape();
    }

    /** @return the slots a session of {@link #model()} must grant when asked for 3; 1 for backends without slots */
    protected int slotsGranted() {
        return 1;
    }

    /** @return backend properties for the sessions */
    protected Map<String, String> properties() {
        return Map.of();
    }

    @BeforeEach
    void backendAvailable() {
        RequiredBackends.assumeAvailable(provider().name(), Backends.availability(provider()));
    }

    private BackendSession open() throws Exception {
        BackendSession s = provider().open(model(), BackendOptions.of(1, properties()));
        TensorSpec in = s.inputs().get(0);
        long[] shape = inputShape(in);
        boolean dynamic = false;
        for (long d : in.shape()) {
            dynamic |= d < 0;
        }
        if (dynamic) {
            s.setInputShape(0, shape);
        }
        return s;
    }

    private static void fill(BackendSession s, int seed) {
        fill(s.inputBuffer(0), seed);
    }

    private static void fill(ByteBuffer input, int seed) {
        FloatBuffer in = input.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < in.capacity(); i++) {
            in.put(i, (float) Math.sin(i * 0.01 + seed));
        }
    }

    private static float[][] outputs(OutputTensors s) {
        float[][] out = new float[s.outputCount()][];
        for (int o = 0; o < out.length; o++) {
            FloatBuffer b = s.output(o);
            out[o] = new float[b.limit()];
            b.get(0, out[o]);
        }
        return out;
    }

    @Test
    void namesItselfAndItsTensors() throws Exception {
        try (BackendSession s = open()) {
            assertThat(s.backendName()).isEqualTo(provider().name());
            assertThat(s.inputs()).isNotEmpty().allMatch(t -> !t.name().isEmpty());
            assertThat(s.outputs()).isNotEmpty().allMatch(t -> !t.name().isEmpty());
            assertThat(s.outputCount()).isEqualTo(s.outputs().size());
            assertThat(s.inputBuffer(0).isDirect()).isTrue();
            assertThat(s.inputBuffer(0).position()).isZero();
        }
    }

    @Test
    void outputsHoldExactlyTheirShapesElements() throws Exception {
        try (BackendSession s = open()) {
            fill(s, 0);
            s.run();
            for (int o = 0; o < s.outputCount(); o++) {
                long n = 1;
                for (long d : s.outputShape(o)) {
                    assertThat(d).as("output %d dimension", o).isPositive();
                    n *= d;
                }
                assertThat((long) s.output(o).limit()).as("output %d", o).isEqualTo(n);
                assertThat(s.output(o).position()).isZero();
            }
        }
    }

    @Test
    void theSameInputGivesTheSameOutputsAndAnotherInputOthers() throws Exception {
        try (BackendSession s = open()) {
            fill(s, 0);
            s.run();
            float[][] first = outputs(s);
            fill(s, 1);
            s.run();
            float[][] other = outputs(s);
            fill(s, 0);
            s.run();
            float[][] again = outputs(s);
            boolean differs = false;
            for (int o = 0; o < first.length; o++) {
                assertThat(again[o]).as("output %d on the same input", o).containsExactly(first[o]);
                differs |= !java.util.Arrays.equals(first[o], other[o]);
            }
            assertThat(differs).as("some output changes with the input").isTrue();
        }
    }

    /**
     * Slots (double-buffered inputs and outputs for pipelines): each slot's run reads its own input and leaves its
     * own outputs, the same as a single-slot run of that input, untouched by other slots' runs. A backend that
     * keeps one slot passes with slot 0 alone.
     */
    @Test
    void slotsKeepTheirOwnInputsAndOutputs() throws Exception {
        try (BackendSession s = open()) {
            int n = s.openSlots(3);
            assertThat(n).as("slots").isBetween(slotsGranted(), 3);
            float[][][] want = new float[n][][];
            for (int k = 0; k < n; k++) {
                fill(s, 10 + k);
                s.run();
                want[k] = outputs(s);
            }
            for (int k = 0; k < n; k++) {
                fill(s.inputBuffer(k, 0), 10 + k);
            }
            for (int k = n - 1; k >= 0; k--) { // another order than the inputs were written in
                s.run(k);
            }
            for (int k = 0; k < n; k++) {
                float[][] got = outputs(s.outputs(k));
                for (int o = 0; o < got.length; o++) {
                    assertThat(got[o]).as("slot %d output %d", k, o).containsExactly(want[k][o]);
                }
            }
            assertThatThrownBy(() -> s.inputBuffer(n, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.run(n)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closeIsIdempotentAndAClosedSessionRefusesUse() throws Exception {
        BackendSession s = open();
        fill(s, 0);
        s.run();
        s.close();
        s.close();
        assertThatThrownBy(s::run).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.output(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badIndicesAreRefused() throws Exception {
        try (BackendSession s = open()) {
            fill(s, 0);
            s.run();
            assertThatThrownBy(() -> s.output(s.outputCount())).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> s.output(-1)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> s.inputBuffer(s.inputs().size())).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void manySessionsOpenAndCloseCleanly() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (BackendSession s = open()) {
                fill(s, i);
                s.run();
            }
        }
    }
}
