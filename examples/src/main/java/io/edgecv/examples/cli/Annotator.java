package io.edgecv.examples.cli;

import io.edgecv.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Draws detections on a copy of an image: a box and a "label score" tag per detection, keypoints as dots, one
 * colour per class.
 *
 * <p>Thread-safety: stateless.
 */
final class Annotator {
    private static final Color[] PALETTE = {
        new Color(0xE6194B), new Color(0x3CB44B), new Color(0x4363D8), new Color(0xF58231), new Color(0x911EB4),
        new Color(0x42D4F4), new Color(0xF032E6), new Color(0xBFEF45), new Color(0x469990), new Color(0x9A6324)};

    private Annotator() {
    }

    static BufferedImage draw(BufferedImage source, List<Detection> detections) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            float line = Math.max(2f, Math.min(source.getWidth(), source.getHeight()) / 250f);
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, Math.round(line * 6))));
            FontMetrics fm = g.getFontMetrics();
            for (Detection d : detections) {
                Color c = PALETTE[Math.floorMod(d.classId(), PALETTE.length)];
                g.setColor(c);
                g.drawRect(Math.round(d.left()), Math.round(d.top()), Math.round(d.width()), Math.round(d.height()));
                for (int k = 0; k < d.keypointCount(); k++) {
                    int r = Math.round(line * 1.5f);
                    g.fillOval(Math.round(d.keypointX(k)) - r, Math.round(d.keypointY(k)) - r, 2 * r, 2 * r);
                }
                String tag = String.format(Locale.ROOT, "%s %.2f", d.label(), d.score());
                int tw = fm.stringWidth(tag) + 6;
                int th = fm.getHeight();
                int x = Math.round(d.left());
                int y = Math.round(d.top()) - th < 0 ? Math.round(d.top()) : Math.round(d.top()) - th;
                g.fillRect(x, y, tw, th);
                g.setColor(Color.WHITE);
                g.drawString(tag, x + 3, y + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
