package io.edgecv.video.metrics;

import io.edgecv.video.track.LinearAssignment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Frame-by-frame CLEAR-MOT bookkeeping, computed as py-motmetrics' {@code MOTAccumulator.update} does:
 * <ol>
 *   <li>an object still paired (from any earlier frame) with a hypothesis present now, at a finite distance,
 *       keeps it (MATCH);</li>
 *   <li>the remaining objects and hypotheses are paired by a minimum-cost assignment over the finite distances
 *       (most pairs first, then least total distance); a pair that contradicts the object's last pairing is a
 *       SWITCH (if the object was seen within {@code maxSwitchTime} frames), else a MATCH; a hypothesis last
 *       paired with another object also gives a TRANSFER, with ASCEND and MIGRATE for first-time cases;</li>
 *   <li>objects left are MISSes, hypotheses left are FPs.</li>
 * </ol>
 * It also keeps, for the identity metrics, how many frames each object and hypothesis appears in and how many
 * frames each object-hypothesis pair is within the distance threshold.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class MotAccumulator {
    private final double maxSwitchTime;
    private final LinearAssignment assignment = new LinearAssignment();
    private final List<MotEvent> events = new ArrayList<>();
    private final Map<Integer, Integer> pairing = new HashMap<>(); // m: object -> hypothesis
    private final Map<Integer, Integer> hypothesisPairing = new HashMap<>(); // res_m
    private final Map<Integer, Long> lastOccurrence = new HashMap<>();
    private final Map<Integer, Long> lastMatch = new HashMap<>();
    private final Set<Integer> hypothesisHistory = new HashSet<>();
    final Map<Integer, Integer> objectFrames = new LinkedHashMap<>();
    final Map<Integer, Integer> hypothesisFrames = new LinkedHashMap<>();
    final Map<Long, Integer> pairFrames = new HashMap<>();
    private long frames;
    private long lastFrame = Long.MIN_VALUE;

    /** An accumulator with no limit on how long ago a switch may refer to. */
    public MotAccumulator() {
        this(Double.POSITIVE_INFINITY);
    }

    /**
     * @param maxSwitchTime most frames between an object's last appearance and a new pairing for it to count as a
     *        switch (py-motmetrics' {@code max_switch_time}); {@code >= 0}, infinity for no limit
     */
    public MotAccumulator(double maxSwitchTime) {
        if (!(maxSwitchTime >= 0)) {
            throw new IllegalArgumentException("maxSwitchTime must be >= 0, got " + maxSwitchTime);
        }
        this.maxSwitchTime = maxSwitchTime;
    }

    /**
     * Adds one frame.
     *
     * @param frame frame id, larger than the previous call's
     * @param objectIds ground-truth ids present in this frame, distinct
     * @param hypothesisIds tracker ids present in this frame, distinct
     * @param distances row-major {@code objectIds.length x hypothesisIds.length}; NaN or infinity where the pair
     *        may not be matched (e.g. IoU below the threshold)
     * @throws IllegalArgumentException on a frame going backwards, a repeated id or a wrong matrix size
     */
    public void update(long frame, int[] objectIds, int[] hypothesisIds, double[] distances) {
        int no = objectIds.length;
        int nh = hypothesisIds.length;
        if (frame <= lastFrame) {
            throw new IllegalArgumentException("frame " + frame + " must be larger than the previous " + lastFrame);
        }
        if (distances.length != no * nh) {
            throw new IllegalArgumentException("distances holds " + distances.length + " values, need " + no + " x "
                    + nh);
        }
        checkDistinct(frame, "object", objectIds);
        checkDistinct(frame, "hypothesis", hypothesisIds);
        lastFrame = frame;
        frames++;
        double[] d = distances.clone();
        for (int i = 0; i < no; i++) {
            objectFrames.merge(objectIds[i], 1, Integer::sum);
            for (int j = 0; j < nh; j++) {
                if (Double.isFinite(d[i * nh + j])) {
                    pairFrames.merge(pairKey(objectIds[i], hypothesisIds[j]), 1, Integer::sum);
                } else {
                    d[i * nh + j] = Double.NaN;
                }
            }
        }
        for (int h : hypothesisIds) {
            hypothesisFrames.merge(h, 1, Integer::sum);
        }
        boolean[] oMasked = new boolean[no];
        boolean[] hMasked = new boolean[nh];
        if (no > 0 && nh > 0) {
            keepPairings(frame, objectIds, hypothesisIds, d, oMasked, hMasked);
            assignRest(frame, objectIds, hypothesisIds, d, oMasked, hMasked);
        }
        for (int i = 0; i < no; i++) {
            if (!oMasked[i]) {
                events.add(new MotEvent(frame, MotEvent.Type.MISS, true, objectIds[i], false, 0, Double.NaN));
            }
        }
        for (int j = 0; j < nh; j++) {
            if (!hMasked[j]) {
                events.add(new MotEvent(frame, MotEvent.Type.FP, false, 0, true, hypothesisIds[j], Double.NaN));
            }
        }
        for (int o : objectIds) {
            lastOccurrence.put(o, frame);
        }
    }

    /** Step 1: carry established pairings forward. */
    private void keepPairings(long frame, int[] oids, int[] hids, double[] d, boolean[] oMasked, boolean[] hMasked) {
        int nh = hids.length;
        for (int i = 0; i < oids.length; i++) {
            Integer hPrev = pairing.get(oids[i]);
            if (hPrev == null) {
                continue;
            }
            int j = -1;
            for (int k = 0; k < nh; k++) {
                if (!hMasked[k] && hids[k] == hPrev) {
                    j = k;
                    break;
                }
            }
            if (j < 0 || Double.isNaN(d[i * nh + j])) {
                continue;
            }
            oMasked[i] = true;
            hMasked[j] = true;
            events.add(new MotEvent(frame, MotEvent.Type.MATCH, true, oids[i], true, hids[j], d[i * nh + j]));
            lastMatch.put(oids[i], frame);
            hypothesisHistory.add(hids[j]);
        }
    }

    /** Step 2: minimum-cost assignment of what is left. */
    private void assignRest(long frame, int[] oids, int[] hids, double[] d, boolean[] oMasked, boolean[] hMasked) {
        int no = oids.length;
        int nh = hids.length;
        double[] cost = d.clone();
        for (int i = 0; i < no; i++) {
            for (int j = 0; j < nh; j++) {
                if (oMasked[i] || hMasked[j]) {
                    cost[i * nh + j] = Double.NaN;
                }
            }
        }
        int[] rowToCol = new int[no];
        assignment.solve(cost, no, nh, rowToCol);
        for (int i = 0; i < no; i++) {
            int j = rowToCol[i];
            if (j < 0 || Double.isNaN(cost[i * nh + j])) {
                continue;
            }
            int o = oids[i];
            int h = hids[j];
            double dist = cost[i * nh + j];
            Integer prev = pairing.get(o);
            boolean isSwitch = prev != null && prev != h
                    && Math.abs(frame - lastOccurrence.get(o)) <= maxSwitchTime;
            if (isSwitch && !hypothesisHistory.contains(h)) {
                events.add(new MotEvent(frame, MotEvent.Type.ASCEND, true, o, true, h, dist));
            }
            Integer prevObject = hypothesisPairing.get(h);
            if (prevObject != null && prevObject != o) {
                if (!lastMatch.containsKey(o)) {
                    events.add(new MotEvent(frame, MotEvent.Type.MIGRATE, true, o, true, h, dist));
                }
                events.add(new MotEvent(frame, MotEvent.Type.TRANSFER, true, o, true, h, dist));
            }
            hypothesisHistory.add(h);
            lastMatch.put(o, frame);
            events.add(new MotEvent(frame, isSwitch ? MotEvent.Type.SWITCH : MotEvent.Type.MATCH, true, o, true, h,
                    dist));
            oMasked[i] = true;
            hMasked[j] = true;
            pairing.put(o, h);
            hypothesisPairing.put(h, o);
        }
    }

    private static void checkDistinct(long frame, String what, int[] ids) {
        Set<Integer> seen = new HashSet<>();
        for (int id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("frame " + frame + ": " + what + " id " + id
                        + " appears twice; ids must be distinct within a frame");
            }
        }
    }

    static long pairKey(int objectId, int hypothesisId) {
        return ((long) objectId << 32) | (hypothesisId & 0xffffffffL);
    }

    /** @return the events so far, in order (an unmodifiable view) */
    public List<MotEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** @return how many frames were added */
    public long frames() {
        return frames;
    }

    /** @return the metrics over the frames so far */
    public MotMetrics metrics() {
        return MotMetrics.compute(this);
    }
}
