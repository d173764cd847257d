package io.edgecv.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.OutputTensors;
import io.edgecv.spi.TensorSpec;
import io.edgecv.testing.Fixtures;
import io.edgecv.video.VideoFixtures;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ONNX backend's own slots and the staged fallback for single-slot backends give the same outputs as the
 * session's plain run, slot by slot, with different images in flight.
 */
class InferenceSlotsTest {
    @Test
    void nativeAndStagedSlotsMatchThePlainRun() throws Exception {
        String[] photos = {"dog.jpg", "person.jpg", "horses.jpg"};
        try (DetectionModel model = DetectionModel.builder().setModel(VideoFixtures.ssd()).optThreads(1).build();
             DetectionModel plainModel = DetectionModel.builder().setModel(VideoFixtures.ssd()).optThreads(1)
                     .build()) {
            Preprocessor pre = new Preprocessor(model.preprocessing());
            float[][] expected = new float[photos.length][];
            BackendSession plain = plainModel.session();
            for (int i = 0; i < photos.length; i++) {
                pre.apply(ImageInput.read(Fixtures.image(photos[i])), plain.inputBuffer(0));
                plain.run();
                expected[i] = copy(plain.output(1));
            }
            InferenceSlots onnx = new InferenceSlots(model.session(), model.preprocessing(), 3);
            assertThat(onnx.nativeSlots()).isTrue();
            check(onnx, pre, photos, expected);
            InferenceSlots staged = new InferenceSlots(new SingleSlot(model.session()), model.preprocessing(), 3);
            assertThat(staged.nativeSlots()).isFalse();
            check(staged, pre, photos, expected);
        }
    }

    /** Fills every slot with a different photo first, then runs them all, then reads them all. */
    private static void check(InferenceSlots slots, Preprocessor pre, String[] photos, float[][] expected)
            throws Exception {
        for (int i = 0; i < photos.length; i++) {
            assertThat(slots.acquire()).isEqualTo(i);
            pre.apply(ImageInput.read(Fixtures.image(photos[i])), slots.input(i));
        }
        for (int i = 0; i < photos.length; i++) {
            slots.run(i);
        }
        for (int i = 0; i < photos.length; i++) {
            OutputTensors out = slots.outputs(i);
            assertThat(copy(out.output(1))).as(photos[i]).containsExactly(expected[i]);
            slots.release(i);
        }
        assertThat(expected[0]).isNotEqualTo(expected[1]);
    }

    private static float[] copy(FloatBuffer b) {
        float[] a = new float[b.limit()];
        b.duplicate().position(0).get(a);
        return a;
    }

    /** A backend session without slots (the SPI's defaults), as TFLite or NCNN may be. */
    private static final class SingleSlot implements BackendSession {
        private final BackendSession s;

        SingleSlot(BackendSession s) {
            this.s = s;
        }

        @Override public String backendName() { return "single-slot " + s.backendName(); }
        @Override public List<TensorSpec> inputs() { return s.inputs(); }
        @Override public List<TensorSpec> outputs() { return s.outputs(); }
        @Override public Map<String, String> metadata() { return s.metadata(); }
        @Override public void setInputShape(int index, long[] shape) throws EdgeCvException {
            s.setInputShape(index, shape);
        }
        @Override public ByteBuffer inputBuffer(int index) { return s.inputBuffer(index); }
        @Override public void run() throws EdgeCvException { s.run(); }
        @Override public void close() { s.close(); }
        @Override public int outputCount() { return s.outputCount(); }
        @Override public FloatBuffer output(int index) { return s.output(index); }
        @Override public long[] outputShape(int index) { return s.outputShape(index); }
    }
}
