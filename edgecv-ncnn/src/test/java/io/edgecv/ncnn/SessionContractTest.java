package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session's options, its errors for bad use, and the shape check on the real detector. */
class SessionContractTest {
    @TempDir
    Path dir;

    @Test
    void optionsChangeHowNcnnRunsNotWhatItComputes() throws Exception {
        NcnnTesting.requireNcnn();
        float[] reference = null;
        for (Map<String, String> props : List.of(Map.<String, String>of(), Map.of("ncnn.packing", "false"),
                Map.of("ncnn.light_mode", "false"), Map.of("ncnn.fp16_storage", "off", "ncnn.bf16_storage", "off"))) {
            try (BackendSession s = open(BackendOptions.of(2, props))) {
                s.setInputShape(0, new long[] {1, 3, 64, 96});
                var in = s.inputBuffer(0).asFloatBuffer();
                for (int i = 0; i < in.capacity(); i++) {
                    in.put(i, (float) Math.sin(i * 0.01));
                }
                s.run();
                assertThat(s.outputShape(0)).containsExactly(1, 1, 64, 96);
                float[] out = new float[s.output(0).remaining()];
                s.output(0).get(out);
                if (reference == null) {
                    reference = out;
                } else {
                    for (int i = 0; i < out.length; i++) {
                        assertThat(Math.abs(out[i] - reference[i])).as("%s at %d", props, i).isLessThan(1e-4f);
                    }
                }
            }
        }
    }

    @Test
    void badOptionsAndBlobNamesAreNamed() throws Exception {
        NcnnTesting.requireNcnn();
        assertThatThrownBy(() -> open(BackendOptions.of(0, Map.of("ncnn.vulcan", "true"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown NCNN property ncnn.vulcan");
        assertThatThrownBy(() -> open(BackendOptions.of(0, Map.of("ncnn.packing", "maybe"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ncnn.packing=maybe");
        assertThatThrownBy(() -> open(BackendOptions.of(0, Map.of("ncnn.outputs", "nope"))))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("'nope'")
                .hasMessageContaining("[output]");
        assertThatThrownBy(() -> open(BackendOptions.of(0, Map.of("ncnn.input_shape", "2,3,64,64"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one image at a time");
    }

    @Test
    void aStaticInputShapeIsBoundAtOpenWithOutputShapesLearned() throws Exception {
        NcnnTesting.requireNcnn();
        try (BackendSession s = open(BackendOptions.of(1, Map.of("ncnn.input_shape", "1,3,96,128")))) {
            assertThat(s.inputs().get(0).shape()).containsExactly(1, 3, 96, 128);
            assertThat(s.outputs().get(0).shape()).containsExactly(1, 1, 96, 128);
            assertThat(s.inputBuffer(0).capacity()).isEqualTo(3 * 96 * 128 * 4);
            assertThatThrownBy(() -> s.setInputShape(0, new long[] {1, 3, 64, 64}))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theShapeCheckRefusesSizesTheDetectorCannotTake() throws Exception {
        NcnnTesting.requireNcnn();
        try (BackendSession s = open(BackendOptions.of(1, Map.of()))) {
            assertThatThrownBy(() -> s.inputBuffer(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("setInputShape");
            int accepted = 0;
            int refused = 0;
            for (int h = 16; h <= 128; h += 8) {
                for (int w = 16; w <= 128; w += 16) {
                    try {
                        s.setInputShape(0, new long[] {1, 3, h, w});
                    } catch (EdgeCvException e) {
                        assertThat(h % 32 != 0 || w % 32 != 0).as("%dx%d refused: %s", w, h, e.getMessage())
                                .isTrue();
                        assertThat(e.getMessage()).contains("cannot run at this input size");
                        refused++;
                        continue;
                    }
                    assertThat(((NcnnSession) s).shapesFullyChecked()).isTrue();
                    s.run();
                    assertThat(s.outputShape(0)).containsExactly(1, 1, h, w);
                    accepted++;
                }
            }
            System.err.printf("SHAPES: %d sizes accepted and run, %d refused%n", accepted, refused);
            try (BackendSession unchecked = open(BackendOptions.of(1, Map.of("ncnn.shape_check", "false")))) {
                unchecked.setInputShape(0, new long[] {1, 3, 40, 40});
                assertThat(((NcnnSession) unchecked).shapesFullyChecked()).as("not checked, not run here").isFalse();
            }
            assertThat(accepted).isGreaterThan(4);
            assertThat(refused).isGreaterThan(4);
        }
    }

    @Test
    void aClosedSessionRefusesUseAndClosesOnce() throws Exception {
        NcnnTesting.requireNcnn();
        BackendSession s = open(BackendOptions.of(1, Map.of()));
        s.setInputShape(0, new long[] {1, 3, 32, 32});
        s.close();
        s.close();
        assertThatThrownBy(s::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> s.inputBuffer(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.output(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void weightsAreFoundBesideTheParamOrNamed() throws Exception {
        Path param = NcnnTesting.detector();
        byte[] text = Files.readAllBytes(param);
        ModelSource bytes = ModelSource.ofBytes(text, "det.param");
        assertThatThrownBy(() -> new NcnnBackendProvider().open(bytes, BackendOptions.defaults()))
                .isInstanceOf(NcnnRuntime.get().isLoaded() ? InvalidModelException.class : EdgeCvException.class);
        NcnnTesting.requireNcnn();
        assertThatThrownBy(() -> new NcnnBackendProvider().open(bytes, BackendOptions.defaults()))
                .hasMessageContaining("ncnn.weights");
        Path bin = param.resolveSibling("ch_PP-OCRv3_det_infer.bin");
        try (BackendSession s = new NcnnBackendProvider().open(bytes, BackendOptions.of(1,
                Map.of("ncnn.weights", bin.toString())))) {
            assertThat(s.backendName()).isEqualTo("ncnn");
        }
        Path alone = Files.copy(param, dir.resolve("alone.param"));
        assertThatThrownBy(() -> new NcnnBackendProvider().open(ModelSource.of(alone), BackendOptions.defaults()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("alone.bin");
        Path onnx = NcnnTesting.model(NcnnTesting.DET_ONNX);
        assertThatThrownBy(() -> new NcnnBackendProvider().open(ModelSource.of(onnx), BackendOptions.defaults()))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("not an NCNN");
    }

    private static BackendSession open(BackendOptions o) throws EdgeCvException {
        return new NcnnBackendProvider().open(ModelSource.of(NcnnTesting.detector()), o);
    }
}
