package io.edgecv.video.metrics;

import io.edgecv.video.track.LinearAssignment;
import java.util.ArrayList;
import java.util.List;

/**
 * py-motmetrics' {@code id_global_assignment}: a square (objects + hypotheses) cost matrix where a real pair
 * (o, h) costs the frames of o not covered by h (identity false negatives) plus the frames of h not covering o
 * (identity false positives), o left unmatched costs all of o's frames, h left unmatched all of h's, and dummy
 * against dummy costs nothing; the minimum-cost assignment gives IDFP and IDFN.
 *
 * <p>Thread-safety: stateless.
 */
final class IdentityMatching {
    private IdentityMatching() {
    }

    /** @return {IDFP, IDFN} */
    static double[] falsePositivesAndNegatives(MotAccumulator acc) {
        List<Integer> oids = new ArrayList<>(acc.objectFrames.keySet());
        List<Integer> hids = new ArrayList<>(acc.hypothesisFrames.keySet());
        int no = oids.size();
        int nh = hids.size();
        int n = no + nh;
        if (n == 0) {
            return new double[] {0, 0};
        }
        double[] fp = new double[n * n];
        double[] fn = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                if (r >= no && c < nh && r - no != c) {
                    fp[r * n + c] = Double.NaN; // a hypothesis' dummy row only takes that hypothesis
                }
                if (r < no && c >= nh && c - nh != r) {
                    fn[r * n + c] = Double.NaN; // an object's dummy column only takes that object
                }
            }
        }
        for (int r = 0; r < no; r++) {
            int oc = acc.objectFrames.get(oids.get(r));
            for (int c = 0; c < nh; c++) {
                fn[r * n + c] = oc;
            }
            fn[r * n + nh + r] = oc;
        }
        for (int c = 0; c < nh; c++) {
            int hc = acc.hypothesisFrames.get(hids.get(c));
            for (int r = 0; r < no; r++) {
                fp[r * n + c] = hc;
            }
            fp[(c + no) * n + c] = hc;
        }
        for (int r = 0; r < no; r++) {
            for (int c = 0; c < nh; c++) {
                Integer ex = acc.pairFrames.get(MotAccumulator.pairKey(oids.get(r), hids.get(c)));
                if (ex != null) {
                    fp[r * n + c] -= ex;
                    fn[r * n + c] -= ex;
                }
            }
        }
        double[] cost = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            cost[i] = fp[i] + fn[i];
        }
        int[] rowToCol = new int[n];
        new LinearAssignment().solve(cost, n, n, rowToCol);
        double idfp = 0;
        double idfn = 0;
        for (int r = 0; r < n; r++) {
            int c = rowToCol[r];
            if (c < 0) {
                throw new IllegalStateException("identity matching left row " + r + " unassigned");
            }
            idfp += fp[r * n + c];
            idfn += fn[r * n + c];
        }
        return new double[] {idfp, idfn};
    }
}
