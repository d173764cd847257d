package io.edgecv.video.output;

import io.edgecv.video.pipeline.FrameResult;
import io.edgecv.video.track.DetectionBuffer;
import io.edgecv.video.track.TrackBuffer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One JSON object per line and frame: {@code {"frame":12,"detected":true,"latency_ms":41.2,
 * "tracks":[{"id":3,"label":"Person","score":0.54,"box":[l,t,r,b],"predicted":false}],
 * "detections":[{"label":"Person","score":0.54,"box":[l,t,r,b]}]}} (boxes in frame pixels, left-top-right-bottom).
 * Hand-written: the schema is flat and fixed, and the library modules pull no JSON dependency for it.
 *
 * <p>Thread-safety: not thread-safe; call from one thread. {@link #close()} is idempotent.
 */
public final class JsonLinesWriter implements AutoCloseable {
    private final Writer out;
    private final StringBuilder sb = new StringBuilder(1024);
    private boolean closed;

    /** @param out where lines go; owned (closed by {@link #close()}) */
    public JsonLinesWriter(Writer out) {
        this.out = out;
    }

    /**
     * @param file created or replaced
     * @return a writer to it
     * @throws IOException if it cannot be created
     */
    public static JsonLinesWriter open(Path file) throws IOException {
        return new JsonLinesWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /**
     * @param r a frame's result
     * @throws IOException if writing fails
     */
    public void write(FrameResult r) throws IOException {
        if (closed) {
            throw new IllegalStateException("JSON lines writer is closed");
        }
        sb.setLength(0);
        sb.append("{\"frame\":").append(r.index()).append(",\"detected\":").append(r.detected())
                .append(",\"latency_ms\":").append(String.format(Locale.ROOT, "%.2f", r.latencyNanos() / 1e6))
                .append(",\"tracks\":[");
        TrackBuffer t = r.tracks();
        for (int i = 0; i < t.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(t.id(i)).append(",\"label\":");
            quote(t.label(i));
            sb.append(",\"score\":").append(String.format(Locale.ROOT, "%.4f", t.score(i)));
            box(t.left(i), t.top(i), t.right(i), t.bottom(i));
            sb.append(",\"predicted\":").append(t.predicted(i)).append('}');
        }
        sb.append("],\"detections\":[");
        DetectionBuffer d = r.detections();
        for (int i = 0; i < d.size(); i++) {
            sb.append(i == 0 ? "{\"label\":" : ",{\"label\":");
            quote(d.label(i));
            sb.append(",\"score\":").append(String.format(Locale.ROOT, "%.4f", d.score(i)));
            box(d.left(i), d.top(i), d.right(i), d.bottom(i));
            sb.append('}');
        }
        sb.append("]}\n");
        out.append(sb);
    }

    private void box(float l, float t, float r, float b) {
        sb.append(String.format(Locale.ROOT, ",\"box\":[%.1f,%.1f,%.1f,%.1f]", l, t, r, b));
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

}
