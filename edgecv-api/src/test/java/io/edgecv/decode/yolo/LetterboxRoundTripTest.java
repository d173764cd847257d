package io.edgecv.decode.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;
import io.edgecv.preprocess.ImageTransform;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * YOLO boxes are in model input pixels; the pipeline maps them back through the letterbox. Checks the mapping is
 * exact for the content the preprocessor actually wrote, and within half a model pixel of Ultralytics' scale_boxes
 * (which divides by the ideal gain rather than the rounded content size).
 */
class LetterboxRoundTripTest {
    @ParameterizedTest
    @CsvSource({"768, 576", "1000, 667", "667, 1000", "640, 640", "333, 1", "1, 333", "1919, 1080", "300, 301"})
    void contentBoxMapsBackToTheWholeImage(int w, int h) {
        Preprocessing spec = Preprocessing.builder().setSize(640, 640).optResize(ResizeMode.LETTERBOX)
                .optPadValue(114).optNormalize(0f, 255f).optLayout(TensorLayout.NCHW).build();
        Preprocessor pre = new Preprocessor(spec);
        byte[] pixels = new byte[w * h * 3];
        java.util.Arrays.fill(pixels, (byte) 200); // content 200, padding 114
        ByteBuffer tensor = ByteBuffer.allocateDirect(spec.tensorBytes()).order(ByteOrder.nativeOrder());
        ImageTransform t = pre.apply(ImageInput.ofPacked(pixels, w, h, PixelFormat.RGB), tensor);

        // find the content written into the tensor: channel 0 rows and columns that are not padding
        FloatBuffer f = tensor.asFloatBuffer();
        int x1 = 640;
        int y1 = 640;
        int x2 = 0;
        int y2 = 0;
        for (int y = 0; y < 640; y++) {
            for (int x = 0; x < 640; x++) {
                if (Math.abs(f.get(y * 640 + x) - 200f / 255f) < 1e-4f) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x + 1);
                    y2 = Math.max(y2, y + 1);
                }
            }
        }
        // the content rectangle maps back onto the whole source image, exactly
        assertThat(t.toSourceX(x1)).isCloseTo(0f, within(1e-3f));
        assertThat(t.toSourceY(y1)).isCloseTo(0f, within(1e-3f));
        assertThat(t.toSourceX(x2)).isCloseTo(w, within(1e-3f * w));
        assertThat(t.toSourceY(y2)).isCloseTo(h, within(1e-3f * h));

        // Ultralytics: gain = min(640 / h, 640 / w), pad = round((640 - size * gain) / 2 - 0.1), source = (x - pad) / gain
        double gain = Math.min(640.0 / h, 640.0 / w);
        double padX = Math.round((640 - w * gain) / 2 - 0.1);
        double padY = Math.round((640 - h * gain) / 2 - 0.1);
        assertThat(t.padX()).isEqualTo((float) padX);
        assertThat(t.padY()).isEqualTo((float) padY);
        for (float m : new float[] {x1, (x1 + x2) / 2f, x2}) {
            assertThat((double) t.toSourceX(m)).isCloseTo((m - padX) / gain, within(0.5 / gain + 1e-3));
        }
        for (float m : new float[] {y1, (y1 + y2) / 2f, y2}) {
            assertThat((double) t.toSourceY(m)).isCloseTo((m - padY) / gain, within(0.5 / gain + 1e-3));
        }
    }
}
