package io.edgecv.train;

import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelSignature;
import io.edgecv.spi.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which outputs of a detector are per-anchor class logits and which are box regressions, and how a student's
 * outputs map onto a teacher's.
 *
 * <p>The mapping that exists (and is the only one accepted): the same family, and heads with the same anchors, so
 * that anchor {@code a} of the student learns from anchor {@code a} of the teacher. Families: {@code ssd} (box
 * encodings {@code [1, N, 4]} relative to the anchors, class logits {@code [1, N, C]}, class 0 background) and
 * {@code blazeface} (regressors {@code [1, N, 16]} in input pixels, so the input sizes must match too; scores
 * {@code [1, N, 1]}); both score with sigmoids. Output names and order may differ. Anything else is refused with
 * an {@link IllegalArgumentException} that says what differs.
 *
 * <p>Thread-safety: immutable.
 */
final class HeadLayout {
    /** One head: the output indices of its class logits and box regressions, and their sizes. */
    static final class Head {
        final int scores;
        final int boxes;
        final long anchors;
        final long classes;
        final long boxValues;

        Head(int scores, int boxes, long anchors, long classes, long boxValues) {
            this.scores = scores;
            this.boxes = boxes;
            this.anchors = anchors;
            this.classes = classes;
            this.boxValues = boxValues;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d anchors x %d classes + %d box values", anchors, classes, boxValues);
        }
    }

    private final String family;
    private final List<Head> heads;
    private final int firstClass;

    private HeadLayout(String family, List<Head> heads, int firstClass) {
        this.family = family;
        this.heads = List.copyOf(heads);
        this.firstClass = firstClass;
    }

    /** @throws IllegalArgumentException if the family has no documented layout here */
    static HeadLayout of(ModelDescription description, ModelSignature sig, String role) {
        String family = description.family();
        List<TensorSpec> outs = sig.outputs();
        List<Head> heads = new ArrayList<>();
        if (family.equals("ssd") || family.equals("blazeface")) {
            boolean ssd = family.equals("ssd");
            for (int i = 0; i < outs.size(); i++) {
                TensorSpec s = outs.get(i);
                boolean isScores = s.rank() == 3 && (ssd ? s.dim(2) != 4 : s.dim(2) == 1);
                if (!isScores) {
                    continue;
                }
                for (int j = 0; j < outs.size(); j++) {
                    TensorSpec b = outs.get(j);
                    if (j != i && b.rank() == 3 && b.dim(1) == s.dim(1) && (ssd ? b.dim(2) == 4 : b.dim(2) >= 4)) {
                        heads.add(new Head(i, j, s.dim(1), s.dim(2), b.dim(2)));
                        break;
                    }
                }
            }
        }
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("the " + role + " (" + sig.source().name() + ", family " + family
                    + ", outputs " + outs + ") has no layout distillation knows: supported are the ssd and blazeface"
                    + " families with raw per-anchor class logits and box regressions");
        }
        int first = family.equals("ssd") ? Integer.parseInt(description.properties()
                .getOrDefault("ssd.first_class", "1").trim()) : 0;
        return new HeadLayout(family, heads, first);
    }

    /**
     * Checks that a student's heads correspond to this (the teacher's) one to one.
     *
     * @throws IllegalArgumentException naming what differs
     */
    void requireMappable(HeadLayout student, int teacherInput, int studentInput) {
        if (!family.equals(student.family)) {
            throw new IllegalArgumentException("the student is a " + student.family + " model and the teacher a "
                    + family + " model: distillation maps outputs only within one family with the same anchors");
        }
        boolean same = heads.size() == student.heads.size() && firstClass == student.firstClass;
        for (int k = 0; same && k < heads.size(); k++) {
            Head t = heads.get(k);
            Head s = student.heads.get(k);
            same = t.anchors == s.anchors && t.classes == s.classes && t.boxValues == s.boxValues;
        }
        if (!same) {
            throw new IllegalArgumentException("the student's heads " + student.heads + " differ from the teacher's "
                    + heads + ": distillation needs the same anchors and classes, head by head");
        }
        if (family.equals("blazeface") && teacherInput != studentInput) {
            throw new IllegalArgumentException("BlazeFace regressors are in input pixels: the student's input "
                    + studentInput + " differs from the teacher's " + teacherInput);
        }
    }

    List<Head> heads() {
        return heads;
    }

    int firstClass() {
        return firstClass;
    }

    String family() {
        return family;
    }
}
