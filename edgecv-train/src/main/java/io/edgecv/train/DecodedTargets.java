package io.edgecv.train;

import io.edgecv.Detection;
import io.edgecv.decode.ssd.SsdDecoder;
import io.edgecv.model.Labels;
import io.edgecv.model.ModelDescription;
import io.edgecv.train.data.BoxList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mapping used where no output of the student corresponds to the teacher's (another family, other anchors,
 * other classes): decoded boxes matched by IoU. The teacher's detections on the (augmented) image, at its own
 * threshold and after its NMS, become the student's labels: class names are mapped onto the student's labels
 * ({@link Labels#indexOf}; teacher classes the student lacks are left out), and the boxes are matched to the
 * student's anchors as labelled boxes are ({@link SsdLabelTargets}: IoU ≥ 0.5, and every box claims its best
 * anchor). The soft targets are those labels as logits of ±{@value #LOGIT} (a confident one-hot teacher): the
 * teacher's own scores live in another layout and cannot be compared anchor by anchor. Students: SSD with stretch preprocessing.
 *
 * <p>Thread-safety: not thread-safe; a run uses one, with one slot per batch image.
 */
final class DecodedTargets {
    /** The logit of a target class (and minus that of the others): sigmoid 0.9975. */
    static final float LOGIT = 6f;

    private final int[] toStudent;
    private final int studentClasses;
    private final List<SsdLabelTargets> slots = new ArrayList<>();
    private final BoxList boxes = new BoxList();
    private final float[] logits;

    private DecodedTargets(int[] toStudent, SsdDecoder decoder, int slots) {
        this.toStudent = toStudent;
        this.studentClasses = decoder.classCount();
        for (int k = 0; k < slots; k++) {
            this.slots.add(new SsdLabelTargets(decoder));
        }
        this.logits = new float[decoder.anchors().size() * studentClasses];
    }

    /**
     * @param noMapping why the outputs do not map (said again if decoded boxes cannot serve either)
     * @param slots the batch size
     * @throws IllegalArgumentException if the student is not an SSD with stretch preprocessing, or shares no class
     *     name with the teacher
     */
    static DecodedTargets of(ModelDescription teacher, StudentModel student, IllegalArgumentException noMapping,
            int slots) {
        ModelDescription s = student.description();
        SsdDecoder decoder = SsdLabelTargets.decoderOf(student);
        if (decoder == null) {
            throw new IllegalArgumentException(noMapping.getMessage() + "; nor can the teacher's decoded boxes label"
                    + " the student: that needs an SSD student with stretch preprocessing, and it is a " + s.family()
                    + " model", noMapping);
        }
        List<String> names = teacher.labels();
        int[] to = new int[names.size()];
        for (int c = 0; c < names.size(); c++) {
            int m = Labels.indexOf(s.labels(), names.get(c));
            to[c] = m >= decoder.firstClass() && m < decoder.classCount() ? m : -1;
        }
        if (Arrays.stream(to).allMatch(c -> c < 0)) {
            throw new IllegalArgumentException(noMapping.getMessage() + "; nor can the teacher's decoded boxes label"
                    + " the student: none of the teacher's classes " + names + " is among the student's "
                    + s.labels() + (s.labels().isEmpty() ? " (it has none: put its label file, <student>.labels.txt,"
                    + " beside it)" : ""), noMapping);
        }
        return new DecodedTargets(to, decoder, slots);
    }

    /** @return how many of the teacher's classes the student learns */
    int sharedClasses() {
        return (int) Arrays.stream(toStudent).filter(c -> c >= 0).count();
    }

    /**
     * @param slot the image's place in the batch
     * @param detections the teacher's detections, boxes as fractions of the image
     * @return the student's targets for the image, matched to its anchors
     */
    SsdLabelTargets match(int slot, List<Detection> detections, int width, int height) {
        boxes.clear();
        for (Detection d : detections) {
            int c = d.classId() < toStudent.length ? toStudent[d.classId()] : -1;
            if (c >= 0) {
                boxes.add(d.left() * width, d.top() * height, d.right() * width, d.bottom() * height, c);
            }
        }
        return slots.get(slot).match(boxes, width, height);
    }

    /** @return the targets as class logits {@code [anchors × classes]}: ±{@value #LOGIT}, one-hot per anchor */
    float[] logits(SsdLabelTargets targets) {
        float[] classes = targets.classes();
        for (int a = 0; a < classes.length; a++) {
            int c = (int) classes[a];
            for (int k = 0; k < studentClasses; k++) {
                logits[a * studentClasses + k] = k == c ? LOGIT : -LOGIT;
            }
        }
        return logits;
    }
}
