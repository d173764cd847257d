package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import io.edgecv.decode.Decoder;
import io.edgecv.decode.yolo.BatchedYoloDecoder;
import io.edgecv.decode.yolo.YoloEnd2EndDecoder;
import io.edgecv.decode.yolo.YoloV5Decoder;
import io.edgecv.decode.yolo.YoloV8Decoder;
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
 * {@code [1, N, 1]}); both score with sigmoids. The YOLO families {@code yolov8} (YOLOv8, YOLO11 and other
 * one-output heads of {@code cx, cy, w, h} and class probabilities per cell) and {@code yolov5} (objectness, then
 * class probabilities), read as their decoders read them: cell {@code a} of the student learns from cell {@code a}
 * of the teacher, so the cell counts must match. NMS-free heads ({@code yolo-end2end}: decoded boxes, no cells)
 * have no layout. Output names and order may differ. Anything else is refused with an {@link IllegalArgumentException} that says
 * what differs; the run then tries {@link DecodedTargets} (the teacher's decoded boxes as labels).
 *
 * <p>Thread-safety: immutable.
 */
final class HeadLayout {
    /** How a head's outputs hold its class scores and boxes. */
    enum Kind {
        /** Separate outputs: class logits {@code [1, N, C]} and box regressions {@code [1, N, B]} (SSD, BlazeFace). */
        ANCHOR_OUTPUTS,
        /**
         * One output of rows {@code cx, cy, w, h, then C class probabilities} ({@code [1, 4 + C, N]} channels first,
         * as Ultralytics exports YOLOv8/11, or {@code [1, N, 4 + C]}); YOLOv5's {@code [1, N, 5 + C]} adds an
         * objectness column before the classes, and distils as the scores its decoder reads, objectness × class.
         */
        YOLO_ROWS
    }

    /** One head: the output indices of its class scores and box regressions, and their sizes. */
    static final class Head {
        final int scores;
        final int boxes;
        final long anchors;
        final long classes;
        final long boxValues;
        final Kind kind;
        /** YOLO: rows are the cells' values ({@code [1, 4 + C, N]}). */
        final boolean channelsFirst;
        /** YOLO: factor from the output's box units to tenths of the input, the scale the box loss sees. */
        final float boxScale;
        /** YOLOv5: an objectness column precedes the class probabilities. */
        final boolean objectness;

        Head(int scores, int boxes, long anchors, long classes, long boxValues) {
            this(scores, boxes, anchors, classes, boxValues, Kind.ANCHOR_OUTPUTS, false, 1f, false);
        }

        Head(int scores, int boxes, long anchors, long classes, long boxValues, Kind kind, boolean channelsFirst,
                float boxScale, boolean objectness) {
            this.objectness = objectness;
            this.scores = scores;
            this.boxes = boxes;
            this.anchors = anchors;
            this.classes = classes;
            this.boxValues = boxValues;
            this.kind = kind;
            this.channelsFirst = channelsFirst;
            this.boxScale = boxScale;
        }

        /**
         * The head's class logits {@code [1, N, C]} and boxes {@code [1, N, 4]} as the loss takes them. SSD and
         * BlazeFace outputs are that already. A YOLO output is split, its class scores (YOLOv5: objectness × class
         * probability, as its decoder scores) turned back into logits ({@code log p - log(1 - p)}, p clipped to
         * [1e-6, 1 - 1e-6]) and its boxes scaled to tenths of the input.
         *
         * @param scores the output holding the class scores
         * @param boxes the output holding the boxes (the same array for YOLO)
         * @return {logits, boxes}
         */
        NDArray[] logitsAndBoxes(NDArray scores, NDArray boxes) {
            if (kind == Kind.ANCHOR_OUTPUTS) {
                return new NDArray[] {scores, boxes};
            }
            NDArray rows = channelsFirst ? scores.transpose(0, 2, 1) : scores;
            long columns = rows.getShape().get(2);
            NDArray p = objectness ? rows.get(":, :, 4:5").mul(rows.get(":, :, 5:" + columns))
                    : rows.get(":, :, 4:" + columns);
            p = p.clip(PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
            NDArray logits = p.log().sub(p.neg().add(1).log());
            return new NDArray[] {logits, rows.get(":, :, 0:4").mul(boxScale)};
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d anchors x %d classes + %d box values", anchors, classes, boxValues);
        }
    }

    /** YOLO probabilities are clipped to [ε, 1 − ε] before they are turned into logits. */
    static final float PROBABILITY_EPSILON = 1e-6f;

    private final String family;
    private final List<Head> heads;
    private final int firstClass;

    private HeadLayout(String family, List<Head> heads, int firstClass) {
        this.family = family;
        this.heads = List.copyOf(heads);
        this.firstClass = firstClass;
    }

    /** @throws IllegalArgumentException if the family has no documented layout here */
    static HeadLayout of(ModelDescription description, ModelSignature sig, Decoder decoder, String role) {
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
        if (decoder instanceof YoloV8Decoder || decoder instanceof YoloV5Decoder) {
            heads.add(yoloHead(description, sig, (BatchedYoloDecoder) decoder, role));
        }
        if (decoder instanceof YoloEnd2EndDecoder) {
            throw new IllegalArgumentException("the " + role + " (" + sig.source().name() + ") is an NMS-free YOLO"
                    + " export: its output holds decoded boxes, not per-cell predictions, so no cell of a student"
                    + " maps onto it; distil the model exported with its per-cell head (Ultralytics: end2end=False)");
        }
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("the " + role + " (" + sig.source().name() + ", family " + family
                    + ", outputs " + outs + ") has no layout distillation knows: supported are the ssd and blazeface"
                    + " families with raw per-anchor class logits and box regressions, and yolov8/yolov5 per-cell"
                    + " heads");
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

    /**
     * The YOLO head as the family's decoder reads it (the output, the class count and the row order come from the
     * same recognition {@code Detector} uses: the description's keys, the Ultralytics metadata, the shape).
     */
    private static Head yoloHead(ModelDescription d, ModelSignature sig, BatchedYoloDecoder decoder, String role) {
        boolean v5 = decoder instanceof YoloV5Decoder;
        int classes = v5 ? ((YoloV5Decoder) decoder).numClasses() : ((YoloV8Decoder) decoder).numClasses();
        boolean channelsFirst = !v5 && !((YoloV8Decoder) decoder).anchorsFirst();
        TensorSpec t = sig.outputs().get(decoder.output());
        long cells = t.rank() == 3 ? t.dim(channelsFirst ? 2 : 1) : -1;
        if (cells <= 0) {
            throw new IllegalArgumentException("the " + role + " (" + sig.source().name() + ", " + d.family()
                    + ") has no static [1, rows, columns] detection output: " + t + "; export it with a fixed input"
                    + " size");
        }
        // boxes in the decoder's input pixels (raw values × its box scale), as tenths of the input
        float scale = 10f * decoder.boxScaleX() / d.preprocessing().width();
        return new Head(decoder.output(), decoder.output(), cells, classes, 4, Kind.YOLO_ROWS, channelsFirst, scale,
                v5);
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
