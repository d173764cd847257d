package io.edgecv.video.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LinearAssignment} against exhaustive search on random matrices. */
class LinearAssignmentTest {
    private final LinearAssignment la = new LinearAssignment();

    @Test
    void solveMatchesBruteForceOnRandomRectangularMatrices() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 600; trial++) {
            int rows = rnd.nextInt(7);
            int cols = rnd.nextInt(7);
            double forbiddenRate = trial % 3 == 0 ? 0.3 : 0;
            double[] cost = randomCost(rnd, rows, cols, forbiddenRate, trial % 5 == 0);
            int[] rowToCol = new int[rows];
            double total = la.solve(cost, rows, cols, rowToCol);
            double[] best = bruteForce(cost, rows, cols, Double.NaN);
            assertValidAssignment(cost, rows, cols, rowToCol);
            assertThat(pairs(rowToCol)).as("pairs, trial %d", trial).isEqualTo((int) best[0]);
            assertThat(total).as("total cost, trial %d", trial).isCloseTo(best[1], within(1e-9));
            assertThat(sum(cost, cols, rowToCol)).isCloseTo(total, within(1e-9));
        }
    }

    @Test
    void solveWithLimitMatchesBruteForceOfTheExtendedProblem() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 600; trial++) {
            int rows = rnd.nextInt(6);
            int cols = rnd.nextInt(6);
            double[] cost = randomCost(rnd, rows, cols, trial % 4 == 0 ? 0.3 : 0, false);
            double limit = 0.2 + rnd.nextDouble() * 0.8;
            int[] rowToCol = new int[rows];
            int[] colToRow = new int[cols];
            int kept = la.solveWithLimit(cost, rows, cols, limit, rowToCol, colToRow);
            assertValidAssignment(cost, rows, cols, rowToCol);
            // objective of lapjv(extend_cost=True, cost_limit): kept pairs + limit/2 per unassigned row and column
            double objective = sum(cost, cols, rowToCol) + (rows - kept + cols - kept) * limit / 2;
            double[] best = bruteForce(cost, rows, cols, limit);
            assertThat(objective).as("trial %d", trial).isCloseTo(best[1], within(1e-9));
            for (int c = 0; c < cols; c++) {
                if (colToRow[c] >= 0) {
                    assertThat(rowToCol[colToRow[c]]).isEqualTo(c);
                }
            }
        }
    }

    @Test
    void limitKeepsOnlyPairsCheaperThanTheLimit() {
        double[] cost = {0.1, 0.9, 0.95, 0.3};
        int[] rowToCol = new int[2];
        int[] colToRow = new int[2];
        assertThat(la.solveWithLimit(cost, 2, 2, 0.5, rowToCol, colToRow)).isEqualTo(2);
        assertThat(rowToCol).containsExactly(0, 1);
        assertThat(la.solveWithLimit(cost, 2, 2, 0.2, rowToCol, colToRow)).isEqualTo(1);
        assertThat(rowToCol).containsExactly(0, -1);
        assertThat(colToRow).containsExactly(0, -1);
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> la.solve(new double[3], 2, 2, new int[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 x 2");
        assertThatThrownBy(() -> la.solveWithLimit(new double[4], 2, 2, Double.POSITIVE_INFINITY, new int[2],
                new int[2])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    private static double[] randomCost(Random rnd, int rows, int cols, double forbiddenRate, boolean integers) {
        double[] c = new double[rows * cols];
        for (int i = 0; i < c.length; i++) {
            c[i] = integers ? rnd.nextInt(3) : rnd.nextDouble() * (rnd.nextBoolean() ? 1 : 10);
            if (rnd.nextDouble() < forbiddenRate) {
                c[i] = rnd.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            }
        }
        return c;
    }

    private static void assertValidAssignment(double[] cost, int rows, int cols, int[] rowToCol) {
        boolean[] used = new boolean[cols];
        for (int r = 0; r < rows; r++) {
            int c = rowToCol[r];
            if (c >= 0) {
                assertThat(c).isLessThan(cols);
                assertThat(used[c]).as("column %d used twice", c).isFalse();
                used[c] = true;
                assertThat(Double.isFinite(cost[r * cols + c])).as("forbidden pair kept").isTrue();
            }
        }
    }

    private static int pairs(int[] rowToCol) {
        int n = 0;
        for (int c : rowToCol) {
            n += c >= 0 ? 1 : 0;
        }
        return n;
    }

    private static double sum(double[] cost, int cols, int[] rowToCol) {
        double s = 0;
        for (int r = 0; r < rowToCol.length; r++) {
            if (rowToCol[r] >= 0) {
                s += cost[r * cols + rowToCol[r]];
            }
        }
        return s;
    }

    /**
     * Exhaustive search over partial assignments using finite pairs only. Without a limit (NaN): most pairs, then
     * least cost. With a limit: least cost counting limit / 2 for each unassigned row and column.
     *
     * @return {pairs, cost}
     */
    private static double[] bruteForce(double[] cost, int rows, int cols, double limit) {
        double[] best = {-1, Double.POSITIVE_INFINITY};
        search(cost, rows, cols, limit, 0, new boolean[cols], 0, 0, best);
        return best;
    }

    private static void search(double[] cost, int rows, int cols, double limit, int r, boolean[] used, int pairs,
                               double sum, double[] best) {
        if (r == rows) {
            double total = Double.isNaN(limit) ? sum : sum + (rows - pairs + cols - pairs) * limit / 2;
            boolean better = Double.isNaN(limit)
                    ? pairs > best[0] || (pairs == best[0] && total < best[1] - 1e-12)
                    : total < best[1] - 1e-12;
            if (better) {
                best[0] = pairs;
                best[1] = total;
            }
            return;
        }
        search(cost, rows, cols, limit, r + 1, used, pairs, sum, best);
        for (int c = 0; c < cols; c++) {
            double x = cost[r * cols + c];
            if (!used[c] && Double.isFinite(x)) {
                used[c] = true;
                search(cost, rows, cols, limit, r + 1, used, pairs + 1, sum + x, best);
                used[c] = false;
            }
        }
    }
}
