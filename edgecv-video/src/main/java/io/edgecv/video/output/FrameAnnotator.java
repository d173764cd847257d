package io.edgecv.video.output;

import io.edgecv.video.source.Frame;
import io.edgecv.video.track.DetectionBuffer;
import io.edgecv.video.track.TrackBuffer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a frame's tracks in place on its BGR pixels: a box and an id label per track in a colour of its own (the
 * same colour for the track's life), a trail of its last 30 centres, dashed boxes for predicted (skipped-frame)
 * positions, thin grey boxes for detections (score 0.3 and up) no track took, and a status line (frame, detector or predicted, track
 * count). Java2D draws on a {@link BufferedImage} that wraps the frame's own byte array, so nothing is copied.
 *
 * <p>Thread-safety: not thread-safe; one per output stream, called from the pipeline's output thread.
 */
public final class FrameAnnotator {
    private static final int TRAIL = 30;
    private static final BasicStroke SOLID = new BasicStroke(2f);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);
    private static final BasicStroke THIN = new BasicStroke(1f);

    private final Map<Integer, ArrayDeque<float[]>> trails = new HashMap<>();
    private final Map<Integer, Long> lastSeen = new HashMap<>();
    private BufferedImage image;
    private byte[] wrapped;
    private final Font font = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    /**
     * Draws onto the frame.
     *
     * @param frame the frame, modified in place
     * @param tracks the frame's tracks
     * @param detections the frame's detections (drawn thin and grey where no track covers them)
     * @param detected whether the detector ran on this frame
     */
    public void draw(Frame frame, TrackBuffer tracks, DetectionBuffer detections, boolean detected) {
        Graphics2D g = wrap(frame).createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setStroke(THIN);
            g.setColor(new Color(200, 200, 200));
            for (int d = 0; d < detections.size(); d++) {
                if (detections.score(d) >= 0.3f && !covered(detections, d, tracks)) {
                    g.drawRect(Math.round(detections.left(d)), Math.round(detections.top(d)),
                            Math.round(detections.width(d)), Math.round(detections.height(d)));
                }
            }
            long index = frame.index();
            for (int t = 0; t < tracks.size(); t++) {
                ArrayDeque<float[]> trail = trails.computeIfAbsent(tracks.id(t), k -> new ArrayDeque<>());
                trail.addLast(new float[] {(tracks.left(t) + tracks.right(t)) / 2, tracks.bottom(t)});
                if (trail.size() > TRAIL) {
                    trail.removeFirst();
                }
                lastSeen.put(tracks.id(t), index);
            }
            forget(index);
            for (int t = 0; t < tracks.size(); t++) {
                int id = tracks.id(t);
                Color c = colour(id);
                g.setColor(c);
                g.setStroke(THIN);
                float[] prev = null;
                for (float[] p : trails.get(id)) {
                    if (prev != null) {
                        g.drawLine(Math.round(prev[0]), Math.round(prev[1]), Math.round(p[0]), Math.round(p[1]));
                    }
                    prev = p;
                }
                g.setStroke(tracks.predicted(t) ? DASHED : SOLID);
                int x = Math.round(tracks.left(t));
                int y = Math.round(tracks.top(t));
                g.drawRect(x, y, Math.round(tracks.width(t)), Math.round(tracks.height(t)));
                String label = "#" + id;
                int tw = g.getFontMetrics().stringWidth(label) + 6;
                int ty = Math.max(16, y);
                g.fillRect(x - 1, ty - 16, tw, 16);
                g.setColor(Color.BLACK);
                g.drawString(label, x + 2, ty - 4);
            }
            String status = String.format(Locale.ROOT, "frame %d  %s  %d tracks", index,
                    detected ? "detector" : "predicted", tracks.size());
            g.setColor(new Color(0, 0, 0, 160));
            g.fillRect(0, 0, g.getFontMetrics().stringWidth(status) + 12, 20);
            g.setColor(detected ? Color.WHITE : Color.YELLOW);
            g.drawString(status, 6, 15);
        } finally {
            g.dispose();
        }
    }

    private static boolean covered(DetectionBuffer ds, int d, TrackBuffer tracks) {
        for (int t = 0; t < tracks.size(); t++) {
            if (tracks.iou(t, ds.left(d), ds.top(d), ds.right(d), ds.bottom(d)) > 0.5f) {
                return true;
            }
        }
        return false;
    }

    /** Drops the trails of tracks not seen for 2 trail lengths. */
    private void forget(long index) {
        Iterator<Map.Entry<Integer, Long>> it = lastSeen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Integer, Long> e = it.next();
            if (index - e.getValue() > 2 * TRAIL) {
                trails.remove(e.getKey());
                it.remove();
            }
        }
    }

    /** A saturated colour per id, spread around the hue circle by the golden ratio. */
    static Color colour(int id) {
        float hue = (float) ((id * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.85f, 1f);
    }

    private BufferedImage wrap(Frame frame) {
        byte[] p = frame.pixels();
        if (image == null || wrapped != p || image.getWidth() != frame.width()
                || image.getHeight() != frame.height()) {
            DataBufferByte db = new DataBufferByte(p, frame.width() * frame.height() * 3);
            WritableRaster r = Raster.createInterleavedRaster(db, frame.width(), frame.height(), frame.width() * 3, 3,
                    new int[] {2, 1, 0}, null);
            ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                    Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
            image = new BufferedImage(cm, r, false, null);
            wrapped = p;
        }
        return image;
    }
}
