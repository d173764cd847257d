package io.edgecv.train;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Real photos as NHWC float input, RGB scaled to [-1, 1] (the fixture detectors' preprocessing). */
final class Photos {
    private Photos() {
    }

    static float[] nhwc(Path photo, int width, int height) throws IOException {
        BufferedImage src = ImageIO.read(photo.toFile());
        BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        float[] v = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = dst.getRGB(x, y);
                int o = (y * width + x) * 3;
                v[o] = ((rgb >> 16) & 255) / 127.5f - 1;
                v[o + 1] = ((rgb >> 8) & 255) / 127.5f - 1;
                v[o + 2] = (rgb & 255) / 127.5f - 1;
            }
        }
        return v;
    }
}
