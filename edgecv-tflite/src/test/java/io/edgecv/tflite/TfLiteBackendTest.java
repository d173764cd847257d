package io.edgecv.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.ModelFormat;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.Fixtures;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend through the SPI on the real fixture models. */
class TfLiteBackendTest {
    private static final BackendProvider PROVIDER = new TfLiteBackendProvider();

    @BeforeEach // not @BeforeAll: each test reports the skip
    void runtimePresent() {
        assumeTrue(Backends.availability(PROVIDER).isAvailable(), () -> "TFLite unavailable: "
                + Backends.availability(PROVIDER).reason());
    }

    @Test
    void foundByServiceLoaderWithItsNameFormatAndPriority() throws Exception {
        BackendProvider p = Backends.providers().stream().filter(b -> b.name().equals("tflite")).findFirst()
                .orElseThrow();
        assertThat(p.formats()).containsExactly(ModelFormat.TFLITE);
        assertThat(p.priority()).isEqualTo(110);
        assertThat(Backends.select(ModelFormat.TFLITE, null).name()).isEqualTo("tflite");
    }

    @Test
    void fullRangeTensorsAreReadFromTheFile() throws Exception {
        try (BackendSession s = PROVIDER.open(ModelSource.of(Fixtures.model(Fixtures.FACE_FULL_TFLITE)),
                BackendOptions.of(1, Map.of()))) {
            assertThat(s.backendName()).isEqualTo("tflite");
            assertThat(s.inputs()).hasSize(1);
            assertThat(s.inputs().get(0).name()).isEqualTo("input");
            assertThat(s.inputs().get(0).shape()).containsExactly(1, 192, 192, 3);
            assertThat(s.inputs().get(0).type()).isEqualTo(ElementType.FLOAT32);
            assertThat(s.outputs()).extracting(t -> t.name())
                    .containsExactly("reshaped_regressor_face_4", "reshaped_classifier_face_4");
            assertThat(s.outputs().get(0).shape()).containsExactly(1, 2304, 16);
            assertThat(s.outputs().get(1).shape()).containsExactly(1, 2304, 1);
            assertThat(s.metadata()).containsKey("tflite.operators");
        }
    }

    @Test
    void inputBufferIsTheInterpretersOwnDirectMemory() throws Exception {
        try (BackendSession s = PROVIDER.open(ModelSource.of(Fixtures.model(Fixtures.FACE_SHORT_TFLITE)),
                BackendOptions.of(1, Map.of()))) {
            var in = s.inputBuffer(0);
            assertThat(in.isDirect()).isTrue();
            assertThat(in.order()).isEqualTo(ByteOrder.nativeOrder());
            assertThat(in.capacity()).isEqualTo(128 * 128 * 3 * 4);
            assertThat(s.inputBuffer(0)).isSameAs(in);
            // different pixels in the same memory give different scores: TFLite reads what we wrote
            s.run();
            float zeros = s.output(1).get(0);
            var f = in.asFloatBuffer();
            for (int i = 0; i < f.capacity(); i++) {
                f.put(i, (i % 7) / 3f - 1f);
            }
            s.run();
            assertThat(s.output(1).get(0)).isNotEqualTo(zeros);
            assertThat(s.output(0).isDirect()).isTrue();
            assertThat(s.output(0).limit()).isEqualTo(896 * 16);
            assertThat(s.outputShape(0)).containsExactly(1, 896, 16);
            var scores = s.output(1);
            s.close();
            // the buffers are Java-owned custom allocations: touching them after close is harmless, not a crash
            in.putFloat(0, 1f);
            assertThat(scores.get(0)).isFinite();
            assertThatThrownBy(() -> s.output(1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() throws Exception {
        BackendSession s = PROVIDER.open(ModelSource.of(Fixtures.model(Fixtures.FACE_SHORT_TFLITE)),
                BackendOptions.of(1, Map.of(TfLiteOptions.XNNPACK, "false")));
        s.run();
        s.close();
        s.close();
        assertThatThrownBy(s::run).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.inputBuffer(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void optionsAreCheckedAndNamed() {
        assertThatThrownBy(() -> TfLiteOptions.parse(BackendOptions.of(0, Map.of("tflite.xnnpak", "true"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tflite.xnnpak");
        assertThatThrownBy(() -> TfLiteOptions.parse(BackendOptions.of(0, Map.of("tflite.xnnpack", "yes"))))
                .hasMessageContaining("tflite.xnnpack=yes");
        assertThatThrownBy(() -> TfLiteOptions.parse(BackendOptions.of(0, Map.of("tflite.num_threads", "0"))))
                .hasMessageContaining("tflite.num_threads=0");
        assertThat(TfLiteOptions.parse(BackendOptions.of(3, Map.of())).threads).isEqualTo(3);
        assertThat(TfLiteOptions.parse(BackendOptions.of(3, Map.of("tflite.num_threads", "2"))).threads)
                .isEqualTo(2);
        assertThat(TfLiteOptions.parse(BackendOptions.defaults()).xnnpack).isTrue();
    }

    @Test
    void xnnpackOnAndOffGiveTheSameOutputs() throws Exception {
        ModelSource m = ModelSource.of(Fixtures.model(Fixtures.FACE_SHORT_TFLITE));
        try (BackendSession a = PROVIDER.open(m, BackendOptions.of(2, Map.of()));
             BackendSession b = PROVIDER.open(m, BackendOptions.of(1, Map.of(TfLiteOptions.XNNPACK, "false")))) {
            var fa = a.inputBuffer(0).asFloatBuffer();
            var fb = b.inputBuffer(0).asFloatBuffer();
            for (int i = 0; i < fa.capacity(); i++) {
                float v = (float) Math.sin(i * 0.01);
                fa.put(i, v);
                fb.put(i, v);
            }
            a.run();
            b.run();
            for (int o = 0; o < 2; o++) {
                var x = a.output(o);
                var y = b.output(o);
                for (int i = 0; i < x.limit(); i++) {
                    assertThat(x.get(i)).isCloseTo(y.get(i), org.assertj.core.data.Offset.offset(1e-3f));
                }
            }
        }
    }

    @Test
    void detectorFindsObjectsWithTheTfliteBackend() throws Exception {
        try (Detector d = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_TFLITE)).optBackend("tflite")
                .optThreads(2).build()) {
            assertThat(d.backendName()).isEqualTo("tflite");
            List<Detection> found = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
            assertThat(found).extracting(Detection::label).contains("Dog", "Bicycle", "Car");
        }
    }
}
