package io.edgecv.decode.yolo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.InvalidModelException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.DescriptionFile;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.ChannelOrder;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the YOLO families recognise, describe and refuse models, through the registry a detector uses. */
class YoloFamiliesTest {
    private static final TensorSpec IMAGES = spec("images", 1, 3, 640, 640);

    private static TensorSpec spec(String name, long... shape) {
        return new TensorSpec(name, ElementType.FLOAT32, shape);
    }

    private static ModelSignature sig(Map<String, String> meta, TensorSpec in, TensorSpec... outs) throws Exception {
        return new ModelSignature(ModelSource.ofBytes(new byte[] {1, 2, 3}, "model.onnx"), List.of(in),
                List.of(outs), meta);
    }

    /** Ultralytics metadata_props with C names. */
    private static Map<String, String> ultralytics(int classes, String task, boolean end2end) {
        Map<String, String> m = new HashMap<>();
        m.put("author", "Ultralytics");
        m.put("stride", "32");
        m.put("task", task);
        m.put("batch", "1");
        m.put("imgsz", "[640, 640]");
        m.put("names", IntStream.range(0, classes).mapToObj(i -> i + ": 'c" + i + "'")
                .collect(Collectors.joining(", ", "{", "}")));
        m.put("end2end", end2end ? "True" : "False");
        return m;
    }

    private static Decoder decoder(ModelSignature s) throws InvalidModelException {
        ModelDescription d = ModelFamilies.describe(s);
        return ModelFamilies.byName(d.family()).createDecoder(d, s);
    }

    @Test
    void ultralyticsYolo11ExportIsDescribedCompletely() throws Exception {
        ModelSignature s = sig(ultralytics(80, "detect", false), IMAGES, spec("output0", 1, 84, 8400));
        ModelDescription d = ModelFamilies.describe(s);
        assertThat(d.family()).isEqualTo("yolov8");
        assertThat(d.labels()).hasSize(80).startsWith("c0", "c1");
        Preprocessing p = d.preprocessing();
        assertThat(p.width()).isEqualTo(640);
        assertThat(p.height()).isEqualTo(640);
        assertThat(p.resize()).isEqualTo(ResizeMode.LETTERBOX);
        assertThat(p.padValue()).isEqualTo(114);
        assertThat(p.channels()).isEqualTo(ChannelOrder.RGB);
        assertThat(p.mean()).containsExactly(0f, 0f, 0f);
        assertThat(p.std()).containsExactly(255f, 255f, 255f);
        assertThat(p.layout()).isEqualTo(TensorLayout.NCHW);
        assertThat(d.nms()).isEqualTo(NmsKind.HARD_CLASS_AWARE);
        assertThat(d.iouThreshold()).isEqualTo(0.7f);
        assertThat(d.confidence()).isEqualTo(0.25f);
        assertThat(d.properties()).containsEntry("yolo.layout", "channels_first").containsEntry("yolo.output",
                "output0").containsEntry("yolo.normalized_boxes", "false");
        YoloV8Decoder dec = (YoloV8Decoder) decoder(s);
        assertThat(dec.numClasses()).isEqualTo(80);
        assertThat(dec.anchorsFirst()).isFalse();
    }

    @Test
    void transposedAndV5LayoutsAreToldApartByNamesOrByAnchorCount() throws Exception {
        YoloV8Decoder t = (YoloV8Decoder) decoder(sig(ultralytics(80, "detect", false), IMAGES,
                spec("output0", 1, 8400, 84)));
        assertThat(t.anchorsFirst()).isTrue();
        assertThat(t.numClasses()).isEqualTo(80);
        Map<String, String> v5meta = Map.of("stride", "32", "names", ultralytics(80, "detect", false).get("names"));
        YoloV5Decoder v5 = (YoloV5Decoder) decoder(sig(v5meta, IMAGES, spec("output0", 1, 25200, 85)));
        assertThat(v5.numClasses()).isEqualTo(80);
        // no metadata at all: 8400 = 80x80 + 40x40 + 20x20 anchors at 640, 25200 = 3 per cell
        TensorSpec plainIn = spec("input", 1, 3, 640, 640);
        assertThat(((YoloV8Decoder) decoder(sig(Map.of(), plainIn, spec("y", 1, 84, 8400)))).anchorsFirst()).isFalse();
        assertThat(((YoloV8Decoder) decoder(sig(Map.of(), plainIn, spec("y", 1, 8400, 84)))).anchorsFirst()).isTrue();
        assertThat(((YoloV5Decoder) decoder(sig(Map.of(), plainIn, spec("y", 1, 25200, 85)))).numClasses())
                .isEqualTo(80);
        assertThat(ModelFamilies.describe(sig(Map.of(), plainIn, spec("y", 1, 25200, 85))).iouThreshold())
                .isEqualTo(0.45f);
        // a P6 model at 1280: strides 8..64, 160^2 + 80^2 + 40^2 + 20^2 cells
        YoloV8Decoder p6 = (YoloV8Decoder) decoder(sig(Map.of(), spec("x", 1, 3, 1280, 1280),
                spec("y", 1, 84, 34000)));
        assertThat(p6.numClasses()).isEqualTo(80);
    }

    @Test
    void ambiguousShapesFollowTheDocumentedRule() throws Exception {
        // both dimensions fit 4 + C: N = 4 + C = 84, Ultralytics' [B, 4 + C, N] is assumed
        YoloV8Decoder tie = (YoloV8Decoder) decoder(sig(ultralytics(80, "detect", false), IMAGES,
                spec("output0", 1, 84, 84)));
        assertThat(tie.anchorsFirst()).isFalse();
        // no names, no grid count, named like Ultralytics: the larger dimension holds the anchors (N > 4 + C)
        assertThat(((YoloV8Decoder) decoder(sig(Map.of(), IMAGES, spec("output0", 1, 20, 30)))).anchorsFirst())
                .isFalse();
        YoloV8Decoder af = (YoloV8Decoder) decoder(sig(Map.of(), IMAGES, spec("output0", 1, 30, 20)));
        assertThat(af.anchorsFirst()).isTrue();
        assertThat(af.numClasses()).isEqualTo(16);
    }

    @Test
    void dynamicExportsTakeTheirSizeFromImgsz() throws Exception {
        Map<String, String> meta = ultralytics(3, "detect", false);
        meta.put("imgsz", "[480, 640]");
        ModelSignature s = sig(meta, spec("images", -1, 3, -1, -1), spec("output0", -1, 7, -1));
        ModelDescription d = ModelFamilies.describe(s);
        assertThat(d.preprocessing().width()).isEqualTo(640);
        assertThat(d.preprocessing().height()).isEqualTo(480);
        YoloV8Decoder dec = (YoloV8Decoder) decoder(s);
        assertThat(dec.numClasses()).isEqualTo(3);
        assertThat(dec.anchorsFirst()).isFalse();
    }

    @Test
    void endToEndHeadsNeedNoNms() throws Exception {
        ModelDescription d = ModelFamilies.describe(sig(ultralytics(80, "detect", true), IMAGES,
                spec("output0", 1, 300, 6)));
        assertThat(d.family()).isEqualTo("yolo-end2end");
        assertThat(d.nms()).isEqualTo(NmsKind.NONE);
        assertThat(d.labels()).hasSize(80);
        // YOLOv10 exports of older Ultralytics versions have no end2end key: 300 rows is no anchor count
        Map<String, String> old = ultralytics(80, "detect", false);
        old.remove("end2end");
        assertThat(ModelFamilies.describe(sig(old, IMAGES, spec("output0", 1, 300, 6))).family())
                .isEqualTo("yolo-end2end");
        // exported with nms=True
        Map<String, String> nms = ultralytics(80, "detect", false);
        nms.put("args", "{'batch': 1, 'nms': True}");
        assertThat(decoder(sig(nms, IMAGES, spec("output0", 1, 300, 6)))).isInstanceOf(YoloEnd2EndDecoder.class);
        // a two-class v8 model also has 6 columns, but 8400 rows
        assertThat(ModelFamilies.describe(sig(ultralytics(2, "detect", false), IMAGES,
                spec("output0", 1, 8400, 6))).family()).isEqualTo("yolov8");
        assertThatThrownBy(() -> ModelFamilies.describe(sig(ultralytics(80, "detect", true), IMAGES,
                spec("output0", 1, 84, 8400)))).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("end-to-end");
    }

    @Test
    void segmentPoseObbAndClassifyModelsAreRefused() throws Exception {
        for (String task : new String[] {"segment", "pose", "obb", "classify"}) {
            assertThatThrownBy(() -> ModelFamilies.describe(sig(ultralytics(80, task, false), IMAGES,
                    spec("output0", 1, 116, 8400)))).isInstanceOf(InvalidModelException.class)
                    .hasMessageContaining("not a detection model").hasMessageContaining("task=" + task);
        }
        Map<String, String> pose = ultralytics(1, "detect", false);
        pose.put("kpt_shape", "[17, 3]");
        assertThatThrownBy(() -> ModelFamilies.describe(sig(pose, IMAGES, spec("output0", 1, 56, 8400))))
                .hasMessageContaining("not a detection model").hasMessageContaining("kpt_shape");
        // a segmentation export without metadata: mask prototypes beside output0
        assertThatThrownBy(() -> ModelFamilies.describe(sig(Map.of(), IMAGES, spec("output0", 1, 116, 8400),
                spec("output1", 1, 32, 160, 160)))).hasMessageContaining("not a detection model")
                .hasMessageContaining("mask prototypes");
        // even when declared yolov8 by hand
        ModelSignature seg = sig(ultralytics(80, "segment", false), IMAGES, spec("output0", 1, 116, 8400));
        assertThatThrownBy(() -> ModelFamilies.byName("yolov8").defaults(seg))
                .hasMessageContaining("not a detection model");
        Map<String, String> rtdetr = ultralytics(80, "detect", false);
        rtdetr.put("description", "Ultralytics rtdetr-l model trained on coco.yaml");
        assertThatThrownBy(() -> ModelFamilies.describe(sig(rtdetr, IMAGES, spec("output0", 1, 300, 84))))
                .hasMessageContaining("RT-DETR");
    }

    @Test
    void namesThatFitNoLayoutAreReported() throws Exception {
        assertThatThrownBy(() -> ModelFamilies.describe(sig(ultralytics(80, "detect", false), IMAGES,
                spec("output0", 1, 90, 8400)))).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("80 class names").hasMessageContaining("[1, 90, 8400]");
        Map<String, String> bad = ultralytics(80, "detect", false);
        bad.put("names", "{0: 'person', 1: bicycle}");
        assertThatThrownBy(() -> ModelFamilies.describe(sig(bad, IMAGES, spec("output0", 1, 84, 8400))))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("metadata 'names' of model.onnx");
    }

    @Test
    void otherModelsAreLeftAlone() throws Exception {
        assertThatThrownBy(() -> ModelFamilies.describe(sig(Map.of(), spec("x", 1, 3, 224, 224),
                spec("logits", 1, 1000)))).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("does not recognise").hasMessageContaining("yolov8");
        assertThatThrownBy(() -> ModelFamilies.describe(sig(Map.of(), spec("x", 1, 3, 224, 224),
                spec("features", 1, 49, 512)))).hasMessageContaining("does not recognise");
    }

    @Test
    void outputsShapedOnlyAfterARunTrustTheMetadata() throws Exception {
        // NCNN reports [-1, -1, -1, -1] until it has run; metadata.yaml names the classes
        ModelSignature s = sig(ultralytics(80, "detect", false), spec("in0", 1, 3, 640, 640),
                spec("out0", -1, -1, -1, -1));
        ModelDescription d = ModelFamilies.describe(s);
        assertThat(d.family()).isEqualTo("yolov8");
        YoloV8Decoder dec = (YoloV8Decoder) decoder(s);
        assertThat(dec.numClasses()).isEqualTo(80);
        assertThat(dec.anchorsFirst()).isFalse();
        assertThat(ModelFamilies.describe(sig(ultralytics(80, "detect", true), spec("in0", 1, 3, 640, 640),
                spec("out0", -1, -1, -1, -1))).family()).isEqualTo("yolo-end2end");
        // without names, nothing is guessed
        assertThatThrownBy(() -> ModelFamilies.describe(sig(Map.of(), spec("in0", 1, 3, 640, 640),
                spec("out0", -1, -1, -1, -1)))).hasMessageContaining("does not recognise");
        // declared by hand with labels: the labels give C
        ModelSignature bare = sig(Map.of(), spec("in0", 1, 3, 640, 640), spec("out0", -1, -1, -1, -1));
        ModelDescription byHand = ModelFamilies.byName("yolov8").defaults(bare).toBuilder()
                .optLabels(List.of("a", "b")).build();
        assertThat(((YoloV8Decoder) ModelFamilies.byName("yolov8").createDecoder(byHand, bare)).numClasses())
                .isEqualTo(2);
        assertThatThrownBy(() -> ModelFamilies.byName("yolov8").createDecoder(
                ModelFamilies.byName("yolov8").defaults(bare), bare)).hasMessageContaining("known only after a run");
    }

    @Test
    void tfliteExportsHaveNormalisedBoxes() throws Exception {
        byte[] tflite = {0x18, 0, 0, 0, 'T', 'F', 'L', '3', 0, 0};
        ModelSignature s = new ModelSignature(ModelSource.ofBytes(tflite, "yolo11n_float32.tflite"),
                List.of(spec("images", 1, 640, 640, 3)), List.of(spec("Identity", 1, 84, 8400)),
                ultralytics(80, "detect", false));
        ModelDescription d = ModelFamilies.describe(s);
        assertThat(d.properties()).containsEntry("yolo.normalized_boxes", "true");
        assertThat(d.preprocessing().layout()).isEqualTo(TensorLayout.NHWC);
        assertThat(ModelFamilies.byName("yolov8").createDecoder(d, s).toString()).contains("box scale 640.0x640.0");
    }

    @Test
    void descriptionFileOverridesFamilyLayoutAndOutput(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("custom.onnx");
        Files.write(model, new byte[] {1, 2, 3});
        ModelSignature s = new ModelSignature(ModelSource.of(model), List.of(spec("in", 1, 3, 320, 320)),
                List.of(spec("aux", 1, 10), spec("dets", 1, 9, 9)), Map.of());
        Path file = dir.resolve("custom" + DescriptionFile.SUFFIX);
        Files.writeString(file, "family = yolov8\nyolo.output = dets\nyolo.layout = anchors_first\n"
                + "labels.inline = a, b, c, d, e\n");
        ModelDescription d = ModelFamilies.describe(s);
        assertThat(d.family()).isEqualTo("yolov8");
        assertThat(d.preprocessing().width()).isEqualTo(320);
        assertThat(d.preprocessing().resize()).isEqualTo(ResizeMode.LETTERBOX);
        YoloV8Decoder dec = (YoloV8Decoder) ModelFamilies.byName("yolov8").createDecoder(d, s);
        assertThat(dec.anchorsFirst()).isTrue();
        assertThat(dec.numClasses()).isEqualTo(5);
        Files.writeString(file, "family = yolo-end2end\nyolo.output = dets\n");
        assertThatThrownBy(() -> {
            ModelDescription x = ModelFamilies.describe(s);
            ModelFamilies.byName("yolo-end2end").createDecoder(x, s);
        }).isInstanceOf(InvalidModelException.class).hasMessageContaining("[B, K, 6]");
        Files.writeString(file, "family = yolov8\nyolo.output = nope\n");
        assertThatThrownBy(() -> {
            ModelDescription x = ModelFamilies.describe(s);
            ModelFamilies.byName("yolov8").createDecoder(x, s);
        }).hasMessageContaining("yolo.output=nope");
        Files.writeString(file, "family = yolov8\nyolo.output = dets\nyolo.layout = sideways\n");
        assertThatThrownBy(() -> {
            ModelDescription x = ModelFamilies.describe(s);
            ModelFamilies.byName("yolov8").createDecoder(x, s);
        }).hasMessageContaining("sideways");
        Files.writeString(file, "family = yolov5\nyolo.output = dets\nnms = none\n");
        ModelDescription v5 = ModelFamilies.describe(s);
        assertThat(v5.nms()).isEqualTo(NmsKind.NONE);
        assertThat(((YoloV5Decoder) ModelFamilies.byName("yolov5").createDecoder(v5, s)).numClasses()).isEqualTo(4);
    }
}
