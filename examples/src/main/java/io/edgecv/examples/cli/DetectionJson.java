package io.edgecv.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgecv.Detection;
import java.util.List;

/**
 * The detections of {@code edgecv detect --json}, written with Jackson:
 * {@code {"image", "width", "height", "model", "backend", "milliseconds", "detections": [{"label", "class",
 * "score", "box": [left, top, right, bottom], "keypoints": [[x, y], ...]}]}}, boxes in the photo's pixels.
 *
 * <p>Thread-safety: stateless (Jackson's writer is thread-safe).
 */
final class DetectionJson {
    /** Jackson's mapper for the command line's JSON. */
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(Separators
            .createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    private DetectionJson() {
    }

    static String of(String image, int width, int height, String model, String backend, double millis,
                     List<Detection> detections) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("image", image).put("width", width).put("height", height).put("model", model)
                .put("backend", backend).put("milliseconds", round(millis, 100));
        ArrayNode list = root.putArray("detections");
        for (Detection d : detections) {
            ObjectNode o = list.addObject();
            o.put("label", d.label()).put("class", d.classId()).put("score", round(d.score(), 10_000));
            o.putArray("box").add(round(d.left(), 10)).add(round(d.top(), 10)).add(round(d.right(), 10))
                    .add(round(d.bottom(), 10));
            if (d.keypointCount() > 0) {
                ArrayNode points = o.putArray("keypoints");
                for (int k = 0; k < d.keypointCount(); k++) {
                    points.addArray().add(round(d.keypointX(k), 10)).add(round(d.keypointY(k), 10));
                }
            }
        }
        return write(root);
    }

    /** @return a JSON tree as indented text, {@code "key": value} */
    static String write(ObjectNode root) {
        try {
            return WRITER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a tree of strings and numbers cannot fail", e);
        }
    }

    static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }
}
