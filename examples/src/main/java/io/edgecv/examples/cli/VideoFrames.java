package io.edgecv.examples.cli;

import io.edgecv.video.source.Frame;
import io.edgecv.video.source.FrameSource;
import io.edgecv.video.source.FrameSources;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Frames of a video written as PNG files, for commands that take photos (edgecv distill). Thread-safety: stateless. */
final class VideoFrames {
    private VideoFrames() {
    }

    /**
     * @return the PNG files of every {@code every}-th frame, at most {@code max}, in {@code dir}
     * @throws CliException if the video cannot be read or holds no frame
     */
    static List<Path> extract(Path video, int every, int max, Path dir) throws IOException {
        if (every < 1 || max < 1) {
            throw CliException.failure("--every and --max-frames must be at least 1", null);
        }
        List<Path> out = new ArrayList<>();
        try (FrameSource source = FrameSources.open(video.toString(), null)) {
            Frame frame = new Frame();
            for (long n = 0; out.size() < max && source.read(frame); n++) {
                if (n % every != 0) {
                    continue;
                }
                BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
                byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                System.arraycopy(frame.pixels(), 0, dst, 0, dst.length);
                Path p = dir.resolve(String.format(Locale.ROOT, "frame%06d.png", n));
                ImageIO.write(img, "png", p.toFile());
                out.add(p);
            }
        } catch (io.edgecv.video.source.SourceUnavailableException e) {
            throw CliException.failure("cannot read " + video + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw CliException.failure(video + " holds no frames", null);
        }
        return out;
    }

    /** Deletes the folder and the frames in it. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
