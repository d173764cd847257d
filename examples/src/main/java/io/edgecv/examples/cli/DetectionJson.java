package io.edgecv.examples.cli;

import io.edgecv.Detection;
import java.util.List;
import java.util.Locale;

/**
 * Writes detections as JSON (no JSON library needed for this shape).
 *
 * <p>Thread-safety: stateless.
 */
final class DetectionJson {
    private DetectionJson() {
    }

    static String of(String image, int width, int height, String model, String backend, double millis,
                     List<Detection> detections) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\n  \"image\": ").append(quote(image))
                .append(",\n  \"width\": ").append(width).append(", \"height\": ").append(height)
                .append(",\n  \"model\": ").append(quote(model))
                .append(",\n  \"backend\": ").append(quote(backend))
                .append(",\n  \"milliseconds\": ").append(String.format(Locale.ROOT, "%.2f", millis))
                .append(",\n  \"detections\": [");
        for (int i = 0; i < detections.size(); i++) {
            Detection d = detections.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"label\": %s, \"class\": %d, \"score\": %.4f, \"box\": [%.1f, %.1f, %.1f, %.1f]",
                    quote(d.label()), d.classId(), d.score(), d.left(), d.top(), d.right(), d.bottom()));
            if (d.keypointCount() > 0) {
                sb.append(", \"keypoints\": [");
                for (int k = 0; k < d.keypointCount(); k++) {
                    sb.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.1f, %.1f]",
                            d.keypointX(k), d.keypointY(k)));
                }
                sb.append(']');
            }
            sb.append('}');
        }
        return sb.append(detections.isEmpty() ? "]\n}" : "\n  ]\n}").toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
