package io.edgecv.bench;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.DetectorBuilder;
import io.edgecv.ImageInput;
import io.edgecv.quantize.DetectionAgreement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Agreement with a teacher class by class: the overall mAP@0.5 averages over the classes the teacher found, so a
 * class with one reference box weighs as much as one with hundreds; this says which classes carry the mean.
 * Reference detections are the teacher's at its own threshold, candidates the student's down to a given score,
 * both through {@link Detector} (up to 300 per image), as {@code ModelComparison} scores them.
 *
 * <p>Thread-safety: stateless.
 */
final class PerClassAgreement {
    private PerClassAgreement() {
    }

    /**
     * @return one line, for example {@code Person AP 0.912 (144 boxes), Dog AP 1.000 (1)}
     * @throws Exception if a model fails to open or run
     */
    static String describe(Path teacher, Path student, List<Path> images, float candidateConfidence, int threads)
            throws Exception {
        List<List<Detection>> ref = new ArrayList<>();
        List<String> labels;
        try (Detector t = Detector.builder().setModel(teacher).optThreads(threads).optMaxDetections(300).build()) {
            labels = t.description().labels();
            for (Path p : images) {
                ref.add(t.detect(ImageInput.read(p)));
            }
        }
        List<List<Detection>> cand = new ArrayList<>();
        DetectorBuilder b = Detector.builder().setModel(student).optThreads(threads).optMaxDetections(300)
                .optConfidence(candidateConfidence);
        try (Detector s = b.build()) {
            for (Path p : images) {
                cand.add(s.detect(ImageInput.read(p)));
            }
        }
        TreeSet<Integer> classes = new TreeSet<>();
        ref.forEach(l -> l.forEach(d -> classes.add(d.classId())));
        List<String> parts = new ArrayList<>();
        for (int c : classes) {
            List<List<Detection>> r = only(ref, c);
            DetectionAgreement a = DetectionAgreement.compute(r, only(cand, c));
            String name = c < labels.size() ? labels.get(c) : "class " + c;
            parts.add(String.format(Locale.ROOT, "%s AP %.3f (%d)", name, a.map50(), a.referenceCount()));
        }
        return String.join(", ", parts);
    }

    private static List<List<Detection>> only(List<List<Detection>> perImage, int classId) {
        List<List<Detection>> out = new ArrayList<>(perImage.size());
        for (List<Detection> l : perImage) {
            out.add(l.stream().filter(d -> d.classId() == classId).toList());
        }
        return out;
    }
}
