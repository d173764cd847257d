package io.edgecv.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionAgreementTest {
    private static Detection box(float l, float t, float r, float b, float score, int cls) {
        return new Detection(l, t, r, b, score, cls, "c" + cls, new float[0]);
    }

    @Test
    void identicalDetectionsAgreeFully() {
        List<List<Detection>> ref = List.of(List.of(box(0, 0, 10, 10, 0.9f, 1), box(20, 20, 40, 40, 0.8f, 2)),
                List.of(box(5, 5, 15, 15, 0.7f, 1)));
        DetectionAgreement a = DetectionAgreement.compute(ref, ref);
        assertThat(a.map50()).isEqualTo(1.0);
        assertThat(a.meanIou()).isEqualTo(1.0);
        assertThat(a.matched()).isEqualTo(3);
        assertThat(a.classes()).isEqualTo(2);
    }

    @Test
    void aMissedBoxAndAFalseAlarmLowerTheAveragePrecision() {
        // class 1: two reference boxes; the candidate finds one (IoU 0.81) and ranks a false alarm above it
        List<List<Detection>> ref = List.of(List.of(box(0, 0, 10, 10, 0.9f, 1), box(50, 50, 60, 60, 0.9f, 1)));
        List<List<Detection>> cand = List.of(List.of(box(100, 100, 110, 110, 0.95f, 1),
                box(0, 0, 9, 9, 0.8f, 1)));
        DetectionAgreement a = DetectionAgreement.compute(ref, cand);
        // precision at ranks: 0/1, 1/2; recall 0, 0.5 -> interpolated AP = 0.5 x 0.5
        assertThat(a.map50()).isCloseTo(0.25, within(1e-9));
        assertThat(a.meanIou()).isCloseTo(0.81, within(1e-6));
        assertThat(a.matched()).isEqualTo(1);
    }

    @Test
    void wrongClassOrLowOverlapDoesNotMatch() {
        List<List<Detection>> ref = List.of(List.of(box(0, 0, 10, 10, 0.9f, 1)));
        assertThat(DetectionAgreement.compute(ref, List.of(List.of(box(0, 0, 10, 10, 0.9f, 2)))).map50())
                .isZero();
        assertThat(DetectionAgreement.compute(ref, List.of(List.of(box(5, 0, 15, 10, 0.9f, 1)))).map50())
                .isZero();
    }

    @Test
    void emptyReferenceScoresOneOnlyWhenTheCandidateIsEmptyToo() {
        assertThat(DetectionAgreement.compute(List.of(List.of()), List.of(List.of())).map50()).isEqualTo(1.0);
        assertThat(DetectionAgreement.compute(List.of(List.of()), List.of(List.of(box(0, 0, 1, 1, 0.5f, 0))))
                .map50()).isZero();
    }

    @Test
    void modelsWithOtherLabelListsAreComparedByClassName() {
        // a YOLO teacher numbers Dog 1 of [Person, Dog, Cat]; an SSD student 2 of [???, Person, Dog]
        List<String> teacher = List.of("Person", "Dog", "Cat");
        List<String> student = List.of("???", "person", "Dog");
        List<List<Detection>> ref = List.of(List.of(box(0, 0, 10, 10, 0.9f, 1), box(20, 20, 30, 30, 0.8f, 2)));
        List<List<Detection>> cand = List.of(List.of(box(0, 0, 10, 10, 0.7f, 2)));
        List<List<Detection>> mapped = DetectionAgreement.renumbered(ref, teacher, student);
        assertThat(mapped.get(0)).extracting(Detection::classId).containsExactly(2, -3); // Cat: no such class
        assertThat(mapped.get(0).get(0).label()).isEqualTo("c1");
        DetectionAgreement a = DetectionAgreement.compute(mapped, cand);
        assertThat(a.matched()).isEqualTo(1);
        assertThat(a.map50()).as("Dog found, Cat missed").isEqualTo(0.5, within(1e-9));
        // class by class (ids in the student's numbering; Cat has none there), labels as the reference gave them
        assertThat(a.perClass()).extracting(DetectionAgreement.ClassAgreement::label).containsExactly("c2", "c1");
        assertThat(a.perClass()).extracting(DetectionAgreement.ClassAgreement::ap).containsExactly(0.0, 1.0);
        assertThat(a.perClass()).extracting(DetectionAgreement.ClassAgreement::references).containsExactly(1, 1);
        assertThat(DetectionAgreement.compute(ref, cand).matched()).as("by raw ids nothing matches").isZero();
        assertThat(DetectionAgreement.renumbered(ref, teacher, teacher)).isSameAs(ref);
        assertThat(DetectionAgreement.renumbered(ref, teacher, List.of())).isSameAs(ref);
    }
}
