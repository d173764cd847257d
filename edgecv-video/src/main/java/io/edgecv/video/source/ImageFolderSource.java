package io.edgecv.video.source;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The images of a folder ({@code .jpg}, {@code .jpeg}, {@code .png}, {@code .bmp}), in file-name order, as
 * frames: an image sequence such as a MOTChallenge {@code img1/} folder. Images are decoded by {@code ImageIO}
 * (the JDK's decoders, no native library) and copied into the frame as packed BGR.
 *
 * <p>Thread-safety: as {@link FrameSource}: one reading thread; {@link #close()} is idempotent.
 */
public final class ImageFolderSource implements FrameSource {
    private final Path folder;
    private final List<Path> files;
    private int next;
    private int width;
    private int height;
    private int[] argbRow = new int[0];
    private volatile boolean closed;

    /**
     * @param folder the folder to read
     * @throws IOException if it cannot be listed or holds no image
     */
    public ImageFolderSource(Path folder) throws IOException {
        this.folder = folder;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(ImageFolderSource::isImage).sorted().collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            throw new IOException("folder " + folder + " holds no .jpg, .jpeg, .png or .bmp image");
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png")
                || n.endsWith(".bmp"));
    }

    @Override
    public boolean read(Frame frame) throws IOException {
        if (closed || next >= files.size()) {
            return false;
        }
        Path file = files.get(next);
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("no ImageIO decoder reads " + file + "; convert it to PNG or JPEG");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] dst = frame.resize(w, h);
        if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && img.getRaster().getParent() == null) {
            byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            System.arraycopy(src, 0, dst, 0, w * h * 3);
        } else {
            if (argbRow.length < w) {
                argbRow = new int[w];
            }
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, argbRow, 0, w);
                for (int x = 0, o = y * w * 3; x < w; x++, o += 3) {
                    int p = argbRow[x];
                    dst[o] = (byte) p;
                    dst[o + 1] = (byte) (p >> 8);
                    dst[o + 2] = (byte) (p >> 16);
                }
            }
        }
        width = w;
        height = h;
        frame.stamp(next++, System.nanoTime());
        return true;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public double frameRate() {
        return 0;
    }

    @Override
    public long frameCount() {
        return files.size();
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public String describe() {
        return folder + " (" + files.size() + " images)";
    }

    @Override
    public void close() {
        closed = true;
    }
}
