package io.edgecv.video.track;

import java.util.Arrays;
import java.util.List;

/**
 * One association step: the IoU-distance cost between tracks (their current Kalman boxes) and detections
 * ({@code matching.iou_distance}, optionally {@code matching.fuse_score}: 1 - IoU x score), then the assignment with
 * a cost limit ({@code matching.linear_assignment}). Arrays are kept and grown.
 *
 * <p>Thread-safety: not thread-safe; owned by one tracker.
 */
final class Association {
    private final LinearAssignment assignment = new LinearAssignment();
    private double[] cost = new double[64];
    private int[] rowToCol = new int[16];
    private int[] colToRow = new int[16];
    private boolean[] colUsed = new boolean[16];

    /**
     * @param tracks the rows
     * @param detections the detections
     * @param columns which detections are the columns (indices into {@code detections})
     * @param fuseScore multiply the IoU by the detection's score before taking the distance
     * @param classAware forbid pairs whose classes differ
     * @param limit cost limit
     * @param extendCost true: ByteTrack's {@code lapjv(extend_cost=True, cost_limit=limit)}, a pair is kept only
     *        where it beats leaving both out; false: SORT's full assignment, then pairs above the limit dropped
     * @return each track's detection index or -1 (valid until the next call); {@link #columnUsed()} tells which
     *         detections were taken
     */
    int[] match(List<KalmanTrack> tracks, DetectionBuffer detections, IntList columns, boolean fuseScore,
                boolean classAware, double limit, boolean extendCost) {
        int n = tracks.size();
        int m = columns.size();
        if (cost.length < n * m) {
            cost = new double[Math.max(n * m, cost.length * 2)];
        }
        if (rowToCol.length < n) {
            rowToCol = new int[Math.max(n, rowToCol.length * 2)];
        }
        if (colToRow.length < m) {
            colToRow = new int[Math.max(m, colToRow.length * 2)];
            colUsed = new boolean[colToRow.length];
        }
        for (int r = 0; r < n; r++) {
            KalmanTrack t = tracks.get(r);
            float l = t.left();
            float tp = t.top();
            float rt = t.right();
            float b = t.bottom();
            for (int c = 0; c < m; c++) {
                int d = columns.get(c);
                double c1;
                if (classAware && detections.classId(d) != t.classId) {
                    c1 = Double.POSITIVE_INFINITY;
                } else {
                    double iou = detections.iou(d, l, tp, rt, b);
                    c1 = 1 - (fuseScore ? iou * detections.score(d) : iou);
                }
                cost[r * m + c] = c1;
            }
        }
        Arrays.fill(colUsed, false);
        if (extendCost) {
            assignment.solveWithLimit(cost, n, m, limit, rowToCol, colToRow);
            for (int c = 0; c < m; c++) {
                colUsed[c] = colToRow[c] >= 0;
            }
        } else {
            assignment.solve(cost, n, m, rowToCol);
            for (int r = 0; r < n; r++) {
                if (rowToCol[r] >= 0 && cost[r * m + rowToCol[r]] > limit) {
                    rowToCol[r] = -1;
                }
                if (rowToCol[r] >= 0) {
                    colUsed[rowToCol[r]] = true;
                }
            }
        }
        return rowToCol;
    }

    /** @return which detections the last {@link #match} took (valid until the next call) */
    boolean[] columnUsed() {
        return colUsed;
    }
}
