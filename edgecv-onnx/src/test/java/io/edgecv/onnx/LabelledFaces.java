package io.edgecv.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The labelled faces of the fixtures ({@code faces/training.xml}, dlib's {@code <box top left width height>}). */
public final class LabelledFaces {
    private static final Pattern IMAGE = Pattern.compile("<image file='([^']+)'");
    private static final Pattern BOX = Pattern.compile(
            "<box top='(-?\\d+)' left='(-?\\d+)' width='(\\d+)' height='(\\d+)'");

    private LabelledFaces() {
    }

    /** @return per image file, its face boxes as {x1, y1, x2, y2} */
    public static Map<String, List<float[]>> read(Path xml) throws IOException {
        Map<String, List<float[]>> faces = new LinkedHashMap<>();
        List<float[]> current = null;
        for (String line : Files.readAllLines(xml, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            Matcher im = IMAGE.matcher(line);
            if (im.find()) {
                current = new ArrayList<>();
                faces.put(im.group(1), current);
            }
            Matcher b = BOX.matcher(line);
            if (b.find() && current != null) {
                float top = Float.parseFloat(b.group(1));
                float left = Float.parseFloat(b.group(2));
                current.add(new float[] {left, top, left + Float.parseFloat(b.group(3)),
                    top + Float.parseFloat(b.group(4))});
            }
        }
        return faces;
    }
}
