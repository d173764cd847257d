package io.edgecv.examples.samples;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;
import io.edgecv.examples.assets.DefaultAssets;
import java.awt.image.BufferedImage;
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
 * <p>Here the "camera" is a photo turned into padded BGR rows, fed 50 times. Next: {@link Sample_03_ChooseABackend}.
 */
public final class Sample_02_CameraFrames {
    private Sample_02_CameraFrames() {
    }

    /**
     * @param args ignored
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        BufferedImage photo = ImageIO.read(DefaultAssets.image().toFile());
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

        try (Detector detector = Detector.builder().setModel(DefaultAssets.model()).optThreads(2).build()) {
            ImageInput input = ImageInput.ofPacked(frame, 0, width, height, stride, PixelFormat.BGR);
            long start = System.nanoTime();
            List<Detection> last = List.of();
            for (int n = 0; n < 50; n++) {
                last = detector.detect(input); // in a real loop: refill `frame` from the camera first
            }
            System.out.printf("50 frames, %.1f ms each; last frame: %s%n",
                    (System.nanoTime() - start) / 50e6, last);
        }
    }
}
