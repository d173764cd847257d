package io.edgecv.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared session part through a complete in-memory backend: an "identity" model whose one output is its
 * float32 input, copied by {@link #run()} like a runtime that copies its results out.
 */
class AbstractBackendSessionTest {
    /** Output = input, with a dynamic width. */
    static final class IdentitySession extends AbstractBackendSession {
        private ByteBuffer input;
        private long[] shape;
        int releases;

        IdentitySession() {
            super("identity", List.of(new TensorSpec("x", ElementType.FLOAT32, new long[] {1, 3, -1})),
                    List.of(new TensorSpec("y", ElementType.FLOAT32, new long[] {1, 3, -1})), Map.of("k", "v"));
        }

        @Override
        public void setInputShape(int index, long[] newShape) {
            checkInputShape(index, newShape);
            shape = newShape.clone();
            input = ByteBuffer.allocateDirect(4 * (int) TensorSpec.elementCount(newShape))
                    .order(java.nio.ByteOrder.nativeOrder());
        }

        @Override
        public ByteBuffer inputBuffer(int index) {
            ensureOpen();
            return input;
        }

        @Override
        public void run() {
            ensureOpen();
            int n = input.capacity() / 4;
            FloatBuffer out = FloatWidening.reuse(outputValues(0), n);
            FloatWidening.widen(ElementType.FLOAT32, input, n, out);
            setOutput(0, out, shape);
        }

        @Override
        protected void release() {
            releases++;
        }
    }

    @Test
    void servesSpecsOutputsAndShapes() {
        try (IdentitySession s = new IdentitySession()) {
            assertThat(s.backendName()).isEqualTo("identity");
            assertThat(s.metadata()).containsEntry("k", "v");
            assertThat(s.outputCount()).isEqualTo(1);
            assertThat(s.outputShape(0)).containsExactly(1, 3, -1);
            assertThatThrownBy(() -> s.output(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'y'");
            s.setInputShape(0, new long[] {1, 3, 2});
            for (int i = 0; i < 6; i++) {
                s.inputBuffer(0).putFloat(4 * i, i + 0.5f);
            }
            s.run();
            assertThat(s.outputShape(0)).containsExactly(1, 3, 2);
            FloatBuffer out = s.output(0);
            assertThat(out.limit()).isEqualTo(6);
            assertThat(out.get(5)).isEqualTo(5.5f);
            out.get();
            out.limit(1);
            assertThat(s.output(0).position()).isZero();
            assertThat(s.output(0).limit()).as("limit restored").isEqualTo(6);
            s.setInputShape(0, new long[] {1, 3, 1});
            s.run();
            assertThat(s.output(0)).as("buffer reused").isSameAs(out);
            assertThat(s.output(0).limit()).isEqualTo(3);
            assertThatThrownBy(() -> s.outputs().set(0, null)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void refusesShapesThatDoNotFitNamingThem() {
        try (IdentitySession s = new IdentitySession()) {
            assertThatThrownBy(() -> s.setInputShape(0, new long[] {1, 3})).isInstanceOf(
                    IllegalArgumentException.class).hasMessageContaining("rank 3").hasMessageContaining("[1, 3]");
            assertThatThrownBy(() -> s.setInputShape(0, new long[] {1, 4, 8}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 4, 8]")
                    .hasMessageContaining("x");
            assertThatThrownBy(() -> s.setInputShape(0, new long[] {1, 3, 0}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 3, 0]");
        }
    }

    @Test
    void closesOnceAndRefusesUseAfterwards() {
        IdentitySession s = new IdentitySession();
        s.setInputShape(0, new long[] {1, 3, 2});
        s.run();
        s.close();
        s.close();
        assertThat(s.releases).isEqualTo(1);
        assertThatThrownBy(s::run).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("identity session is closed");
        assertThatThrownBy(() -> s.output(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.setInputShape(0, new long[] {1, 3, 4})).isInstanceOf(IllegalStateException.class);
    }
}
