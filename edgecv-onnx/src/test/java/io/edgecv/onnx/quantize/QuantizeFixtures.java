package io.edgecv.onnx.quantize;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Detection helpers of the quantizer's tests; the photos and model are in {@link io.edgecv.onnx.ToolFixtures}. */
final class QuantizeFixtures {
    private QuantizeFixtures() {
    }

    /** Detects on every photo with one model, at the given confidence and backend properties. */
    static List<List<Detection>> detectAll(Path model, List<Path> photos, float confidence,
                                           Map<String, String> props) throws Exception {
        var b = Detector.builder().setModel(model).optThreads(1).optConfidence(confidence).optMaxDetections(300);
        props.forEach(b::optBackendProperty);
        List<List<Detection>> out = new ArrayList<>();
        try (Detector d = b.build()) {
            for (Path p : photos) {
                out.add(d.detect(read(p)));
            }
        }
        return out;
    }

    static ImageInput read(Path p) {
        try {
            return ImageInput.read(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
