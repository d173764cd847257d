package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.decode.Anchors;
import io.edgecv.decode.ssd.SsdDecoder;
import io.edgecv.testing.Fixtures;
import io.edgecv.train.data.Box;
import io.edgecv.train.data.BoxList;
import io.edgecv.train.data.LabelFormat;
import io.edgecv.train.data.LabelSet;
import io.edgecv.train.data.LabelledImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hard labels in the loss: labelled boxes matched to the SSD's real anchors, and a student that learns from labels
 * alone (α = 1: no soft targets from the teacher) recovering its detections.
 */
class HardLabelsTest {
    private static final Logger LOG = LoggerFactory.getLogger(HardLabelsTest.class);

    @BeforeAll
    static void fixtures() {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
    }

    private static SsdDecoder decoder() throws Exception {
        Path ssd = Fixtures.model(Fixtures.SSD_ONNX);
        return (SsdDecoder) new StudentModel(ssd, ModelProto.parseFrom(Files.readAllBytes(ssd))).decoder();
    }

    @Test
    void boxesAreMatchedToAnchorsByIouAndEveryBoxGetsItsBestAnchor() throws Exception {
        SsdDecoder d = decoder();
        Anchors a = d.anchors();
        int k = 1000;
        BoxList boxes = new BoxList();
        // a box exactly on anchor k (in pixels of a 600x400 image), class 5
        boxes.add((a.cx(k) - a.w(k) / 2) * 600, (a.cy(k) - a.h(k) / 2) * 400, (a.cx(k) + a.w(k) / 2) * 600,
                (a.cy(k) + a.h(k) / 2) * 400, 5);
        // a box far smaller than any anchor, class 7: no anchor reaches IoU 0.5, its best one learns it anyway
        boxes.add(10, 10, 12, 12, 7);
        SsdLabelTargets t = new SsdLabelTargets(d).match(boxes, 600, 400);
        assertThat(t.classes()[k]).isEqualTo(5f);
        assertThat(t.positive()[k]).isEqualTo(1f);
        for (int v = 0; v < 4; v++) {
            assertThat(t.boxes()[4 * k + v]).as("encoding of the box on its own anchor").isCloseTo(0f, within(1e-4f));
        }
        int sevens = 0;
        for (int i = 0; i < a.size(); i++) {
            sevens += t.classes()[i] == 7f ? 1 : 0;
            if (t.positive()[i] == 0) {
                assertThat(t.classes()[i]).isZero();
            }
        }
        assertThat(sevens).as("anchors learning the tiny box").isEqualTo(1);
        assertThat(t.positives()).isGreaterThanOrEqualTo(2);
        BoxList bad = new BoxList();
        bad.add(0, 0, 50, 50, 0);
        assertThatThrownBy(() -> new SsdLabelTargets(d).match(bad, 600, 400))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class 0")
                .hasMessageContaining("ClassMapping");
    }

    @Test
    void aStudentLearnsFromLabelsAloneAndLabelledImagesJoinTraining(@TempDir Path dir) throws Exception {
        // labels: the teacher's own detections on the photos, as a dataset would give them (pixels, class ids)
        List<LabelledImage> images = new ArrayList<>();
        try (Detector teacher = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX)).build()) {
            for (Path photo : Students.photos()) {
                // the last two as copies elsewhere: labelled images that are not among the images given
                Path p = images.size() < 2 ? photo : Files.copy(photo, dir.resolve(photo.getFileName()));
                ImageInput in = ImageInput.read(p);
                List<Box> boxes = new ArrayList<>();
                for (Detection det : teacher.detect(in)) {
                    boxes.add(new Box(det.left(), det.top(), det.right(), det.bottom(), det.classId(), det.label()));
                }
                images.add(new LabelledImage(p, in.width(), in.height(), boxes));
            }
        }
        LabelSet labels = new LabelSet(LabelFormat.YOLO, dir, List.of(), images);
        Path student = Students.damagedHeadsFile(dir, 0.1f);
        // the images given are two of the four; the other two come in with their labels (validation: the
        // originals of all four)
        TrainingReport r = DistillerTest.shortRun(student).setImages(Students.photos().subList(0, 2))
                .optLabels(labels).optSoftTargets(1f, 2f).build().train(dir.resolve("trained.onnx"),
                        TrainingListener.NONE);
        LOG.info("labels alone:\n{}", r.toText());
        assertThat(r.trainingImages()).isEqualTo(4);
        assertThat(r.agreementBefore()).isLessThan(0.3);
        assertThat(r.bestAgreement()).as("agreement after learning the labels").isGreaterThan(
                r.agreementBefore() + 0.3);
    }
}
