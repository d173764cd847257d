package io.edgecv.video.track;

import io.edgecv.Detection;
import io.edgecv.video.metrics.MotAccumulator;
import io.edgecv.video.metrics.MotBox;
import io.edgecv.video.metrics.MotEvaluation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated trajectories with known ids: boxes moving at constant velocity, visible over a frame range, with
 * missed detections, low scores, box noise and distractors, all seeded, so a tracker's output can be scored
 * against the ground truth with the MOT metrics.
 */
final class Scenario {
    /** One ground-truth object. */
    static final class Obj {
        final int id;
        final double x;
        final double y;
        final double vx;
        final double vy;
        final double w;
        final double h;
        int start;
        int end;
        int classId;
        final BitSet missed = new BitSet();
        final BitSet absent = new BitSet();
        final Map<Integer, Float> scores = new HashMap<>();

        Obj(int id, double x, double y, double vx, double vy, double w, double h, int frames) {
            this.id = id;
            this.x = x;
            this.y = y;
            this.vx = vx;
            this.vy = vy;
            this.w = w;
            this.h = h;
            this.end = frames;
        }

        /** Present (in the ground truth) in frames [start, end). */
        Obj visible(int from, int to) {
            start = from;
            end = to;
            return this;
        }

        /** No detection in frames [from, to) while still in the ground truth (occlusion). */
        Obj missed(int from, int to) {
            missed.set(from, to);
            return this;
        }

        /** Out of the picture in frames [from, to): neither in the ground truth nor detected. */
        Obj absent(int from, int to) {
            absent.set(from, to);
            return this;
        }

        /** Detection score {@code score} in frames [from, to). */
        Obj score(int from, int to, float score) {
            for (int f = from; f < to; f++) {
                scores.put(f, score);
            }
            return this;
        }

        Obj classId(int c) {
            classId = c;
            return this;
        }

        boolean present(int f) {
            return f >= start && f < end && !absent.get(f);
        }

        double left(int f) {
            return x + vx * f;
        }

        double top(int f) {
            return y + vy * f;
        }
    }

    final int frames;
    final long seed;
    final List<Obj> objects = new ArrayList<>();
    double noise;
    float score = 0.9f;
    final List<double[]> distractors = new ArrayList<>();

    Scenario(int frames, long seed) {
        this.frames = frames;
        this.seed = seed;
    }

    Obj add(int id, double x, double y, double vx, double vy, double w, double h) {
        Obj o = new Obj(id, x, y, vx, vy, w, h, frames);
        objects.add(o);
        return o;
    }

    /** Gaussian noise (standard deviation in pixels) on every detection edge. */
    Scenario noise(double sigma) {
        noise = sigma;
        return this;
    }

    /** A static spurious detection at (x, y, w, h) with this score in every frame. */
    Scenario distractor(double x, double y, double w, double h, float s) {
        distractors.add(new double[] {x, y, w, h, s});
        return this;
    }

    List<Detection> detections(int f) {
        Random rnd = new Random(seed * 1_000_003L + f);
        List<Detection> out = new ArrayList<>();
        for (Obj o : objects) {
            if (!o.present(f) || o.missed.get(f)) {
                continue;
            }
            float l = (float) (o.left(f) + rnd.nextGaussian() * noise);
            float t = (float) (o.top(f) + rnd.nextGaussian() * noise);
            float r = (float) (o.left(f) + o.w + rnd.nextGaussian() * noise);
            float b = (float) (o.top(f) + o.h + rnd.nextGaussian() * noise);
            out.add(new Detection(l, t, Math.max(l, r), Math.max(t, b), o.scores.getOrDefault(f, score), o.classId,
                    "class " + o.classId, null));
        }
        for (double[] d : distractors) {
            out.add(new Detection((float) d[0], (float) d[1], (float) (d[0] + d[2]), (float) (d[1] + d[3]),
                    (float) d[4], 0, "class 0", null));
        }
        java.util.Collections.shuffle(out, rnd); // trackers must not depend on detection order
        return out;
    }

    List<MotBox> groundTruth() {
        List<MotBox> gt = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            for (Obj o : objects) {
                if (o.present(f)) {
                    gt.add(new MotBox(f + 1, o.id, o.left(f), o.top(f), o.w, o.h, 1, -1, -1));
                }
            }
        }
        return gt;
    }

    /** What a tracker reported, frame by frame, and its scores against the ground truth. */
    static final class Run {
        final List<List<Track>> perFrame = new ArrayList<>();
        final List<MotBox> rows = new ArrayList<>();
        MotAccumulator accumulator;
        int detectorCalls;

        io.edgecv.video.metrics.MotMetrics metrics() {
            return accumulator.metrics();
        }

        /** Ids reported for ground-truth object {@code gtId} (from the matched events). */
        java.util.Set<Integer> idsFor(int gtId) {
            java.util.Set<Integer> ids = new java.util.TreeSet<>();
            accumulator.events().stream().filter(e -> e.hasObject() && e.hasHypothesis() && e.objectId() == gtId)
                    .forEach(e -> ids.add(e.hypothesisId()));
            return ids;
        }
    }

    /** Runs the tracker, detecting every {@code detectEvery}-th frame (from 0) and predicting the others. */
    Run run(Tracker tracker, int detectEvery) {
        Run run = new Run();
        for (int f = 0; f < frames; f++) {
            List<Track> tracks;
            if (f % detectEvery == 0) {
                tracks = tracker.update(detections(f), f);
                run.detectorCalls++;
            } else {
                tracks = tracker.predict(f);
            }
            run.perFrame.add(tracks);
            for (Track t : tracks) {
                Box b = t.box();
                run.rows.add(new MotBox(f + 1, t.id(), b.left(), b.top(), b.width(), b.height(), t.score(), -1, -1));
            }
        }
        run.accumulator = MotEvaluation.compare(groundTruth(), run.rows, MotEvaluation.DEFAULT_MAX_IOU_DISTANCE);
        return run;
    }
}
