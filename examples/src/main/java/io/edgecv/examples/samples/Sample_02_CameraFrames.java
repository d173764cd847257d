package io.edgecv.examples.samples;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;
import io.edgecv.examples.assets.DefaultAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Sample 02: frames from a camera.
 *
 * <p>Cameras hand out packed bytes (BGR from OpenCV and V4L2, RGBA/BGRA from Android and GStreamer), often with
 * padded rows. {@link ImageInput#ofPacked(byte[], int, int, int, long, PixelFormat)} wraps such a frame without
 * copying it. Reuse one {@link Detector} for the whole stream: after the first frame, a detection allocates
 * nothing but its result list, so the garbage collector stays quiet on a Raspberry Pi.
 *
 * <p>Here the "camera" is a photo turned into padded BGR rows, fed again and again.
 *
 * <h2>How to run</h2>
 * From the root of the checkout ({@code ./edgecv} builds {@code examples/target/edgecv.jar} on first use):
 * <pre>{@code
 * ./edgecv --version
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_02_CameraFrames
 * }</pre>
 * {@code SamplesTest} runs it and checks the frames give the photo's detections.
 *
 * <p>Next: {@link Sample_03_ChooseABackend}.
 */
public final class Sample_02_CameraFrames {
    private Sample_02_CameraFrames() {
    }

    /**
     * @param args ignored
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        run(DefaultAssets.model(), DefaultAssets.image(), 50, System.out);
    }

    /**
     * Feeds a photo as padded BGR camera frames to one detector.
     *
     * @param model a model file
     * @param image the photo standing in for the camera
     * @param frames how many frames to feed
     * @param out where to print the timing and the last frame's detections
     * @return the detections of the last frame
     * @throws IOException if the photo cannot be read
     * @throws EdgeCvException if the model cannot be opened or run
     */
    public static List<Detection> run(Path model, Path image, int frames, PrintStream out)
            throws IOException, EdgeCvException {
        BufferedImage photo = ImageIO.read(image.toFile());
        int width = photo.getWidth();
        int height = photo.getHeight();
        int stride = width * 3 + 64; // many drivers align rows: say so with the stride
        byte[] frame = new byte[stride * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = photo.getRGB(x, y);
                int i = y * stride + 3 * x;
                frame[i] = (byte) rgb;             // blue
                frame[i + 1] = (byte) (rgb >> 8);  // green
                frame[i + 2] = (byte) (rgb >> 16); // red
            }
        }

        try (Detector detector = Detector.builder().setModel(model).optThreads(2).build()) {
            ImageInput input = ImageInput.ofPacked(frame, 0, width, height, stride, PixelFormat.BGR);
            long start = System.nanoTime();
            List<Detection> last = List.of();
            for (int n = 0; n < frames; n++) {
                last = detector.detect(input); // in a real loop: refill `frame` from the camera first
            }
            out.printf("%d frames, %.1f ms each; last frame: %s%n", frames,
                    (System.nanoTime() - start) / 1e6 / frames, last);
            return last;
        }
    }
}
