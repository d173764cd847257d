package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.ImageInput;
import io.edgecv.onnx.OnnxBackendProvider;
import io.edgecv.preprocess.ChannelOrder;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.Fixtures;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PP-OCRv3 text detector (DBNet) run through the backend SPI as NCNN (libncnn) and as ONNX (ONNX Runtime) on
 * the same preprocessed photo gives the same probability map. Preprocessing as PaddleOCR/RapidOCR do it: the image
 * in OpenCV's BGR order, (pixel / 255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225] per channel in that order,
 * stretched to a multiple of 32. {@code messi5.jpg} has advertising boards with text behind the player.
 */
class OnnxParityTest {
    private static final float[] MEAN = {0.485f * 255, 0.456f * 255, 0.406f * 255};
    private static final float[] STD = {0.229f * 255, 0.224f * 255, 0.225f * 255};
    /** Largest difference of one probability allowed in fp32; measured on x86-64: 1.1e-5 at 320x320, 1.7e-5 at 640x352. */
    static final float TOLERANCE = 1e-4f;

    @ParameterizedTest(name = "{0} at {1}x{2}, {3}")
    @CsvSource({
        "messi5.jpg, 320, 320, fp32",
        "messi5.jpg, 640, 352, fp32",
        "messi5.jpg, 320, 320, ncnn-defaults",
        "dog.jpg, 320, 320, fp32",
    })
    void probabilityMapsMatch(String image, int width, int height, String precision) throws Exception {
        NcnnTesting.requireNcnn();
        BackendProvider onnx = new OnnxBackendProvider();
        Assumptions.assumeTrue(Backends.availability(onnx).isAvailable(), () -> "ONNX Runtime: "
                + Backends.availability(onnx).reason());
        ImageInput photo = ImageInput.read(Fixtures.image(image));
        Preprocessing spec = Preprocessing.builder().setSize(width, height).optResize(ResizeMode.STRETCH)
                .optChannels(ChannelOrder.BGR).optNormalize(MEAN, STD).optLayout(TensorLayout.NCHW).build();
        Map<String, String> props = precision.equals("fp32")
                ? Map.of("ncnn.fp16_storage", "false", "ncnn.fp16_arithmetic", "false") : Map.of();
        long[] shape = {1, 3, height, width};
        try (BackendSession n = new NcnnBackendProvider().open(ModelSource.of(NcnnTesting.detector()),
                     BackendOptions.of(1, props));
             BackendSession o = onnx.open(ModelSource.of(NcnnTesting.model(NcnnTesting.DET_ONNX)),
                     BackendOptions.of(1, Map.of()))) {
            assertThat(n.inputs().get(0).name()).isEqualTo("input");
            assertThat(n.inputs().get(0).shape()).containsExactly(1, 3, -1, -1);
            assertThat(n.outputs().get(0).name()).isEqualTo("output");
            n.setInputShape(0, shape);
            o.setInputShape(0, shape);
            Preprocessor pre = new Preprocessor(spec);
            pre.apply(photo, n.inputBuffer(0));
            pre.apply(photo, o.inputBuffer(0));
            n.run();
            o.run();
            assertThat(n.outputShape(0)).containsExactly(o.outputShape(0));
            assertThat(n.outputShape(0)).containsExactly(1, 1, height, width);
            FloatBuffer a = n.output(0);
            FloatBuffer b = o.output(0);
            assertThat(a.remaining()).isEqualTo(b.remaining()).isEqualTo(width * height);
            double maxDiff = 0;
            double sumDiff = 0;
            int textA = 0;
            int textB = 0;
            for (int i = 0; i < a.remaining(); i++) {
                double d = Math.abs(a.get(i) - b.get(i));
                maxDiff = Math.max(maxDiff, d);
                sumDiff += d;
                textA += a.get(i) > 0.3f ? 1 : 0;
                textB += b.get(i) > 0.3f ? 1 : 0;
            }
            System.err.printf("PARITY %s %dx%d %s: max |ncnn - onnx| = %.3g, mean = %.3g, text pixels (p > 0.3)"
                    + " ncnn %d onnx %d of %d%n", image, width, height, precision, maxDiff,
                    sumDiff / a.remaining(), textA, textB, a.remaining());
            float tolerance = precision.equals("fp32") ? TOLERANCE : 0.05f;
            assertThat(maxDiff).as("largest difference of one probability").isLessThan(tolerance);
            assertThat(Math.abs(textA - textB)).isLessThanOrEqualTo(Math.max(2, textB / 100));
            if (image.startsWith("messi")) {
                assertThat(textB).as("the boards' text is found").isGreaterThan(100);
            }
        }
    }
}
