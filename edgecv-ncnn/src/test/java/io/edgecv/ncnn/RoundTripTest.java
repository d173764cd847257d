package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Feeds the detector's input and extracts that same blob, so what comes out is what NCNN received: proves the copy
 * into NCNN's mat (plane by plane around the cstep padding of a 7x5 plane) and out of it.
 */
class RoundTripTest {
    @Test
    void inputComesBackThroughTheCstepPaddedMat() throws Exception {
        NcnnRuntime rt = NcnnTesting.requireNcnn();
        ModelSource src = ModelSource.of(NcnnTesting.detector());
        try (BackendSession s = new NcnnBackendProvider().open(src, BackendOptions.of(1,
                Map.of("ncnn.outputs", "input")))) {
            long[] shape = {1, 3, 5, 7};
            s.setInputShape(0, shape);
            FloatBuffer in = s.inputBuffer(0).asFloatBuffer();
            for (int i = 0; i < 105; i++) {
                in.put(i, i * 0.5f - 7f);
            }
            s.run();
            assertThat(s.outputShape(0)).containsExactly(1, 3, 5, 7);
            FloatBuffer out = s.output(0);
            assertThat(out.remaining()).isEqualTo(105);
            for (int i = 0; i < 105; i++) {
                assertThat(out.get(i)).as("element %d", i).isEqualTo(i * 0.5f - 7f);
            }
        }
        assertThat(rt.version()).isNotBlank();
    }

    @Test
    void meanAndNormAreAppliedByNcnn() throws Exception {
        NcnnTesting.requireNcnn();
        ModelSource src = ModelSource.of(NcnnTesting.detector());
        try (BackendSession s = new NcnnBackendProvider().open(src, BackendOptions.of(1,
                Map.of("ncnn.outputs", "input", "ncnn.mean", "1,2,3", "ncnn.norm", "0.5,2,-1")))) {
            s.setInputShape(0, new long[] {1, 3, 3, 3});
            FloatBuffer in = s.inputBuffer(0).asFloatBuffer();
            for (int i = 0; i < 27; i++) {
                in.put(i, i);
            }
            s.run();
            float[] mean = {1, 2, 3};
            float[] norm = {0.5f, 2, -1};
            FloatBuffer out = s.output(0);
            for (int i = 0; i < 27; i++) {
                int c = i / 9;
                assertThat(out.get(i)).isEqualTo((i - mean[c]) * norm[c]);
            }
        }
    }
}
