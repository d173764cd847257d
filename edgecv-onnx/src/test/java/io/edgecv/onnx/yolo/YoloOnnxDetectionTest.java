package io.edgecv.onnx.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.DetectorBuilder;
import io.edgecv.ImageInput;
import io.edgecv.InvalidModelException;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.NmsKind;
import io.edgecv.onnx.yolo.UltralyticsExportBuilder.Layout;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.testing.Fixtures;
import io.edgecv.testing.SharedSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The YOLO families on a real network and real photos: the SSD fixture rebuilt into each Ultralytics export form
 * (see {@link UltralyticsExportBuilder}), run through ONNX Runtime and the detector pipeline, compared with the SSD
 * path on the same letterboxed input. The exports are written to a temporary folder at test time.
 */
class YoloOnnxDetectionTest {
    private static final String[] IMAGES = {"dog.jpg", "person.jpg", "chelsea.png", "coffee.png"};
    private static final Map<String, List<Detection>> SSD_REFERENCE = new HashMap<>();

    @TempDir
    static Path dir;
    private static UltralyticsExportBuilder exports;

    /** Runs once; when it skips, each test reports skipped (a @BeforeAll skip would hide them). */
    private static final SharedSetup SETUP = new SharedSetup();

    @BeforeEach
    void setUp() throws Exception {
        SETUP.run(() -> {
            Path ssd = Fixtures.model(Fixtures.SSD_ONNX);
            exports = new UltralyticsExportBuilder(ssd, Fixtures.model("object_detection_oidv4_labelmap.txt"));
        });
    }

    /** Writes an export into its own folder (a metadata.yaml is per folder). */
    private static Path export(String name, UltralyticsExportBuilder b) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        return b.write(folder.resolve(name + ".onnx"));
    }

    private static UltralyticsExportBuilder fresh() {
        return exports.layout(Layout.V8).size(300).dynamic(false).metadata(true).task("detect");
    }

    /**
     * The SSD detector on the same network input the 300x300 exports see: letterboxed, pad 114, [-1, 1]. Its
     * decoding (TF OD API box coder, multi-label scores, class-aware NMS) is the independent reference.
     */
    private static List<Detection> ssdReference(String image) throws Exception {
        List<Detection> cached = SSD_REFERENCE.get(image);
        if (cached != null) {
            return cached;
        }
        Preprocessing letterbox = Preprocessing.builder().setSize(300, 300).optResize(ResizeMode.LETTERBOX)
                .optPadValue(114).optNormalize(127.5f, 127.5f).optLayout(TensorLayout.NHWC).build();
        try (Detector ssd = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX)).optThreads(1)
                .optPreprocessing(letterbox).optConfidence(0.5f).optIouThreshold(0.45f).build()) {
            List<Detection> d = ssd.detect(ImageInput.read(Fixtures.image(image)));
            SSD_REFERENCE.put(image, d);
            return d;
        }
    }

    private static DetectorBuilder yolo(Path model) {
        return Detector.builder().setModel(model).optThreads(1).optConfidence(0.5f).optIouThreshold(0.45f);
    }

    /** Every reference detection has a YOLO detection of the same label, IoU > min and a close score; and back. */
    private static void assertSameObjects(String image, List<Detection> got, List<Detection> want, float minIou,
                                          float scoreTolerance) {
        assertThat(labels(got)).as("%s: labels, got %s, want %s", image, got, want).isEqualTo(labels(want));
        List<Detection> unmatched = new ArrayList<>(got);
        for (Detection w : want) {
            Detection best = null;
            for (Detection g : unmatched) {
                if (g.label().equals(w.label()) && (best == null || g.iou(w) > best.iou(w))) {
                    best = g;
                }
            }
            assertThat(best).as("%s: no %s for %s", image, w.label(), w).isNotNull();
            assertThat(best.iou(w)).as("%s: IoU of %s with %s", image, best, w).isGreaterThan(minIou);
            assertThat(Math.abs(best.score() - w.score())).as("%s: score of %s vs %s", image, best, w)
                    .isLessThan(scoreTolerance);
            unmatched.remove(best);
        }
    }

    private static List<String> labels(List<Detection> d) {
        return d.stream().map(Detection::label).sorted().collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void eachExportFormFindsWhatTheSsdPathFinds(Layout layout) throws Exception {
        Path model = export("oid_" + layout, fresh().layout(layout));
        try (Detector d = yolo(model).build()) {
            ModelDescription desc = d.description();
            assertThat(desc.family()).isEqualTo(layout == Layout.V5 ? "yolov5"
                    : layout == Layout.END2END ? "yolo-end2end" : "yolov8");
            assertThat(desc.labels()).isEqualTo(exports.names());
            assertThat(desc.preprocessing().resize()).isEqualTo(ResizeMode.LETTERBOX);
            assertThat(desc.preprocessing().padValue()).isEqualTo(114);
            assertThat(desc.preprocessing().layout()).isEqualTo(TensorLayout.NCHW);
            assertThat(desc.preprocessing().std()).containsExactly(255f, 255f, 255f);
            assertThat(desc.nms()).isEqualTo(layout == Layout.END2END ? NmsKind.NONE : NmsKind.HARD_CLASS_AWARE);
            for (String image : IMAGES) {
                List<Detection> got = d.detect(ImageInput.read(Fixtures.image(image)));
                assertSameObjects(image, got, ssdReference(image), 0.98f, 0.002f);
            }
            assertThat(labels(d.detect(ImageInput.read(Fixtures.image("dog.jpg")))))
                    .contains("Dog", "Bicycle", "Car");
        }
    }

    @Test
    void exportAt640ResizedInTheGraphFindsTheSameObjects() throws Exception {
        Path model = export("oid_v8_640", fresh().size(640));
        try (Detector d = yolo(model).build()) {
            assertThat(d.description().preprocessing().width()).isEqualTo(640);
            for (String image : IMAGES) {
                // the network sees the photo resized twice (to 640, then 300), so boxes move a little
                assertSameObjects(image, d.detect(ImageInput.read(Fixtures.image(image))), ssdReference(image),
                        0.85f, 0.08f);
            }
        }
    }

    @Test
    void metadataAloneConfiguresTheDetector() throws Exception {
        Path model = export("oid_v8_defaults", fresh());
        try (Detector d = Detector.builder().setModel(model).optThreads(1).build()) {
            ModelDescription desc = d.description();
            assertThat(desc.confidence()).isEqualTo(0.25f);
            assertThat(desc.iouThreshold()).isEqualTo(0.7f);
            assertThat(desc.preprocessing().width()).isEqualTo(300);
            List<Detection> dets = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
            assertThat(labels(dets)).contains("Dog", "Bicycle", "Car");
            assertThat(dets).allSatisfy(x -> assertThat(x.score()).isBetween(0.25f, 1f));
            assertThat(dets).isSortedAccordingTo((a, b) -> Float.compare(b.score(), a.score()));
        }
    }

    @Test
    void dynamicExportTakesItsSizeFromImgsz() throws Exception {
        Path model = export("oid_v8_dynamic", fresh().dynamic(true));
        try (Detector d = yolo(model).build()) {
            assertThat(d.description().preprocessing().width()).isEqualTo(300);
            assertThat(d.description().preprocessing().height()).isEqualTo(300);
            for (String image : IMAGES) {
                assertSameObjects(image, d.detect(ImageInput.read(Fixtures.image(image))), ssdReference(image),
                        0.98f, 0.002f);
            }
        }
    }

    @Test
    void metadataYamlBesideTheModelConfiguresItAsForNcnnAndTfliteExports() throws Exception {
        Path model = export("oid_v8_yaml", fresh().metadata(false));
        StringBuilder yaml = new StringBuilder("description: Ultralytics SSD-as-YOLO model trained on\n"
                + "  oidv4.yaml\nauthor: Ultralytics\nversion: 8.3.0\nstride: 32\ntask: detect\nbatch: 1\n"
                + "imgsz:\n- 300\n- 300\nnames:\n");
        for (int i = 0; i < exports.names().size(); i++) {
            yaml.append("  ").append(i).append(": ").append(exports.names().get(i)).append('\n');
        }
        yaml.append("args:\n  batch: 1\n  nms: false\nchannels: 3\nend2end: false\n");
        Files.writeString(model.resolveSibling("metadata.yaml"), yaml);
        try (Detector d = yolo(model).build()) {
            assertThat(d.description().labels()).isEqualTo(exports.names());
            assertSameObjects("dog.jpg", d.detect(ImageInput.read(Fixtures.image("dog.jpg"))),
                    ssdReference("dog.jpg"), 0.98f, 0.002f);
        }
    }

    @Test
    void exportsWithoutMetadataAreRecognisedByTheirTensors() throws Exception {
        Path v8 = export("oid_v8_bare", fresh().metadata(false));
        try (Detector d = yolo(v8).build()) {
            assertThat(d.description().family()).isEqualTo("yolov8");
            assertThat(d.description().properties()).containsEntry("yolo.layout", "channels_first");
            List<Detection> got = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
            assertThat(got).extracting(Detection::classId).containsExactlyInAnyOrderElementsOf(
                    ssdReference("dog.jpg").stream().map(x -> x.classId() - 1).collect(Collectors.toList()));
        }
        Path e2e = export("oid_e2e_bare", fresh().layout(Layout.END2END).metadata(false));
        try (Detector d = yolo(e2e).optLabels(exports.names()).build()) {
            assertThat(d.description().family()).isEqualTo("yolo-end2end");
            assertSameObjects("dog.jpg", d.detect(ImageInput.read(Fixtures.image("dog.jpg"))),
                    ssdReference("dog.jpg"), 0.98f, 0.002f);
        }
    }

    @Test
    void endToEndOutputCanStillBeMergedOnRequest() throws Exception {
        Path e2e = export("oid_e2e_agnostic", fresh().layout(Layout.END2END));
        List<Detection> all;
        try (Detector d = yolo(e2e).build()) {
            all = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
        }
        try (Detector d = yolo(e2e).optNms(NmsKind.HARD_CLASS_AGNOSTIC).optIouThreshold(0.3f).build()) {
            List<Detection> merged = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
            for (int i = 0; i < merged.size(); i++) {
                for (int j = i + 1; j < merged.size(); j++) {
                    assertThat(merged.get(i).iou(merged.get(j))).isLessThanOrEqualTo(0.3f);
                }
            }
            assertThat(merged.size()).isLessThan(all.size()); // the bicycle overlaps the dog by more than 0.3
            assertThat(all).containsAll(merged);
            assertThat(merged.get(0)).isEqualTo(all.get(0));
        }
    }

    @Test
    void segmentationExportsAreRefusedClearly() throws Exception {
        Path seg = export("oid_segment", fresh().task("segment"));
        assertThatThrownBy(() -> Detector.builder().setModel(seg).build())
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("not a detection model").hasMessageContaining("task=segment");
    }
}
