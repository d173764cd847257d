package io.edgecv.video.track;

import java.util.Arrays;

/**
 * Minimum-cost linear assignment (rectangular), by shortest augmenting paths with row and column potentials: the
 * Jonker-Volgenant family that ByteTrack's {@code lap.lapjv} and SciPy's {@code linear_sum_assignment} (used by
 * py-motmetrics) belong to, O(n^2 m).
 *
 * <p>Hand-written because no maintained library fits the hot path: JGraphT's
 * {@code KuhnMunkresMinimalWeightBipartitePerfectMatching} (org.jgrapht:jgrapht-core) needs a graph object with
 * one edge object per cost entry built for every call, and only solves perfect matchings on equal-sized sides;
 * a tracker solves a small dense matrix two or three times per frame and should allocate nothing doing it. The
 * scratch arrays here are kept and grown. Tested against brute force on random matrices.
 *
 * <p>Costs are row-major, {@code cost[r * cols + c]}. A non-finite cost (infinity or NaN) forbids that pair.
 *
 * <p>Thread-safety: not thread-safe (scratch arrays); one instance per thread.
 */
public final class LinearAssignment {
    private double[] work = new double[0];
    private double[] u = new double[0];
    private double[] v = new double[0];
    private double[] minv = new double[0];
    private int[] p = new int[0];
    private int[] way = new int[0];
    private boolean[] used = new boolean[0];
    private int[] rowResult = new int[0];

    /**
     * Assigns rows to columns minimising the total cost: min(rows, cols) pairs, except that forbidden pairs are
     * left out (their row gets -1).
     *
     * @param cost row-major costs, at least {@code rows * cols} long
     * @param rows number of rows, {@code >= 0}
     * @param cols number of columns, {@code >= 0}
     * @param rowToCol receives each row's column, or -1; at least {@code rows} long
     * @return the total cost of the pairs kept
     */
    public double solve(double[] cost, int rows, int cols, int[] rowToCol) {
        checkSizes(cost, rows, cols, rowToCol);
        if (rows == 0 || cols == 0) {
            Arrays.fill(rowToCol, 0, rows, -1);
            return 0;
        }
        double maxAbs = 0;
        for (int i = 0; i < rows * cols; i++) {
            if (Double.isFinite(cost[i])) {
                maxAbs = Math.max(maxAbs, Math.abs(cost[i]));
            }
        }
        // a forbidden pair costs more than any assignment of allowed pairs could save by taking it
        double forbidden = (maxAbs + 1) * 2 * (Math.max(rows, cols) + 1);
        boolean transpose = rows > cols;
        int n = transpose ? cols : rows;
        int m = transpose ? rows : cols;
        ensure(n * m, n, m);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = cost[r * cols + c];
                double w = Double.isFinite(x) ? x : forbidden;
                if (transpose) {
                    work[c * rows + r] = w;
                } else {
                    work[r * cols + c] = w;
                }
            }
        }
        augment(n, m);
        Arrays.fill(rowToCol, 0, rows, -1);
        double total = 0;
        for (int i = 0; i < n; i++) {
            int j = rowResult[i];
            int r = transpose ? j : i;
            int c = transpose ? i : j;
            double x = cost[r * cols + c];
            if (Double.isFinite(x)) {
                rowToCol[r] = c;
                total += x;
            }
        }
        return total;
    }

    /**
     * Assignment with a cost limit, with the result of {@code lap.lapjv(cost, extend_cost=True, cost_limit=limit)}
     * that ByteTrack's {@code matching.linear_assignment} calls. lap extends the matrix to (rows + cols) square with
     * {@code limit / 2} for leaving a row or a column unassigned and minimises the total: that is the least
     * {@code sum over kept pairs of (cost - limit)}, so a pair is kept only where it costs less than the limit. The
     * same optimum is found here on the rows x cols matrix of {@code min(cost - limit, 0)} (forbidden pairs 0),
     * dropping the pairs that cost the limit or more: a smaller problem than the square extension.
     *
     * @param cost row-major costs
     * @param rows number of rows
     * @param cols number of columns
     * @param limit the cost limit, finite
     * @param rowToCol receives each row's column, or -1
     * @param colToRow receives each column's row, or -1; at least {@code cols} long
     * @return the number of pairs kept
     */
    public int solveWithLimit(double[] cost, int rows, int cols, double limit, int[] rowToCol, int[] colToRow) {
        checkSizes(cost, rows, cols, rowToCol);
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("cost limit must be finite, got " + limit);
        }
        if (colToRow.length < cols) {
            throw new IllegalArgumentException("colToRow holds " + colToRow.length + " entries, need " + cols);
        }
        Arrays.fill(rowToCol, 0, rows, -1);
        Arrays.fill(colToRow, 0, cols, -1);
        if (rows == 0 || cols == 0) {
            return 0;
        }
        boolean transpose = rows > cols;
        int n = transpose ? cols : rows;
        int m = transpose ? rows : cols;
        ensure(n * m, n, m);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = cost[r * cols + c];
                double w = Double.isFinite(x) ? Math.min(x - limit, 0) : 0;
                if (transpose) {
                    work[c * rows + r] = w;
                } else {
                    work[r * cols + c] = w;
                }
            }
        }
        augment(n, m);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int j = rowResult[i];
            int r = transpose ? j : i;
            int c = transpose ? i : j;
            double x = cost[r * cols + c];
            if (Double.isFinite(x) && x < limit) {
                rowToCol[r] = c;
                colToRow[c] = r;
                kept++;
            }
        }
        return kept;
    }

    private static void checkSizes(double[] cost, int rows, int cols, int[] rowToCol) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("rows and cols must be >= 0, got " + rows + " x " + cols);
        }
        if (cost.length < (long) rows * cols) {
            throw new IllegalArgumentException("cost holds " + cost.length + " entries, need " + rows + " x " + cols);
        }
        if (rowToCol.length < rows) {
            throw new IllegalArgumentException("rowToCol holds " + rowToCol.length + " entries, need " + rows);
        }
    }

    private void ensure(int cells, int n, int m) {
        if (work.length < cells) {
            work = new double[cells];
        }
        if (u.length < n + 1) {
            u = new double[n + 1];
            rowResult = new int[n];
        }
        if (v.length < m + 1) {
            v = new double[m + 1];
            minv = new double[m + 1];
            p = new int[m + 1];
            way = new int[m + 1];
            used = new boolean[m + 1];
        }
    }

    /**
     * Shortest augmenting paths on {@code work} (n rows, m columns, n <= m), one row added per phase with
     * Dijkstra-like label updates kept feasible by the potentials u, v. Index 0 is the virtual start column.
     */
    private void augment(int n, int m) {
        Arrays.fill(u, 0, n + 1, 0);
        Arrays.fill(v, 0, m + 1, 0);
        Arrays.fill(p, 0, m + 1, 0);
        Arrays.fill(way, 0, m + 1, 0);
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, 0, m + 1, Double.POSITIVE_INFINITY);
            Arrays.fill(used, 0, m + 1, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                int rowBase = (i0 - 1) * m;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = work[rowBase + j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                rowResult[p[j] - 1] = j - 1;
            }
        }
    }
}
