package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.prune.Importance;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.RatioScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;

/**
 * Chooses the channels to remove: each group's prunable classes in the order they should go, each removal with a
 * cost (its weight-norm or BatchNorm-scale importance relative to the group's mean; or, data-driven, the ThiNet
 * greedy order with the growth of the consumers' relative reconstruction error), then how many each group loses:
 * the same fraction everywhere, or globally the cheapest removals first (data-driven: cost per multiply-accumulate
 * saved, which is the sensitivity pass), each group keeping a multiple of the rounding and at least one channel.
 *
 * <p>Thread-safety: stateless.
 */
final class Selection {
    private Selection() {
    }

    /** One group's removal order. */
    record Order(Group group, int[] classes, double[] cost, double macsPerChannel) {
    }

    /** @return the removal order of a group by weight norms or BatchNorm scales (least important first) */
    static Order byWeights(Group g, ChannelGraph cg, Importance importance, double macsPerChannel) {
        Map<Integer, Double> score = new HashMap<>();
        g.prunable().forEach(c -> score.put(c, 0.0));
        for (ChannelUse u : cg.uses()) {
            boolean bn = u.kind() == ChannelUse.Kind.PARAMETER && u.node().getOpType().equals("BatchNormalization")
                    && u.input() == 1;
            boolean producer = u.kind() == ChannelUse.Kind.PRODUCER;
            if (importance == Importance.BN_SCALE ? !bn : !producer) {
                continue;
            }
            TensorProto t = cg.initializer(u.node().getInput(u.input()));
            float[] v = OnnxGraphTools.floats(t);
            int per = v.length / u.layout().length;
            for (int i = 0; i < u.layout().length; i++) {
                int cls = cg.classOf(u.layout()[i]);
                if (!score.containsKey(cls)) {
                    continue;
                }
                double s = 0;
                for (int k = 0; k < per; k++) {
                    double x = v[i * per + k];
                    s += importance == Importance.L2 ? x * x : Math.abs(x);
                }
                score.merge(cls, importance == Importance.L2 ? Math.sqrt(s) : s, Double::sum);
            }
        }
        List<Integer> order = new ArrayList<>(g.prunable());
        order.sort(Comparator.comparingDouble(score::get));
        double mean = score.values().stream().mapToDouble(Double::doubleValue).average().orElse(1);
        int[] classes = order.stream().mapToInt(Integer::intValue).toArray();
        double[] cost = new double[classes.length];
        for (int i = 0; i < classes.length; i++) {
            cost[i] = score.get(classes[i]) / (mean > 0 ? mean : 1);
        }
        return new Order(g, classes, cost, macsPerChannel);
    }

    /**
     * @return the ThiNet greedy removal order of a group: each step removes the class whose contribution, with
     *         those removed already, changes the consumers' outputs least; costs are relative error increments
     */
    static Order greedy(Group g, ChannelGraph cg, Map<ChannelUse, DMatrixRMaj> contributions, double macsPerChannel) {
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < g.classes().size(); i++) {
            index.put(g.classes().get(i), i);
        }
        int n = g.classes().size();
        double[][] m = new double[n][n];
        double energy = 0;
        for (ChannelUse u : g.consumers()) {
            DMatrixRMaj c = contributions.get(u);
            if (c == null) {
                continue;
            }
            int[] l = u.layout();
            int[] at = new int[l.length];
            for (int i = 0; i < l.length; i++) {
                at[i] = index.getOrDefault(cg.classOf(l[i]), -1);
            }
            for (int i = 0; i < l.length; i++) {
                for (int j = 0; j < l.length; j++) {
                    double v = c.get(i, j);
                    energy += v;
                    if (at[i] >= 0 && at[j] >= 0) {
                        m[at[i]][at[j]] += v;
                    }
                }
            }
        }
        energy = energy > 0 ? energy : 1;
        List<Integer> candidates = new ArrayList<>(g.prunable());
        int[] classes = new int[candidates.size()];
        double[] cost = new double[candidates.size()];
        double[] cross = new double[n];
        boolean[] taken = new boolean[candidates.size()];
        for (int step = 0; step < classes.length; step++) {
            int best = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int k = 0; k < candidates.size(); k++) {
                if (taken[k]) {
                    continue;
                }
                int a = index.get(candidates.get(k));
                double d = m[a][a] + 2 * cross[a];
                if (d < bestCost) {
                    bestCost = d;
                    best = k;
                }
            }
            taken[best] = true;
            int a = index.get(candidates.get(best));
            for (int b = 0; b < n; b++) {
                cross[b] += m[b][a];
            }
            classes[step] = candidates.get(best);
            cost[step] = bestCost / energy;
        }
        return new Order(g, classes, cost, macsPerChannel);
    }

    /**
     * @param orders every group with something prunable
     * @param weighByMacs whether a removal's cost is divided by the MACs it saves (global data-driven ranking)
     * @return the classes to remove
     */
    static Set<Integer> allocate(List<Order> orders, PruningConfig cfg, double ratio, boolean weighByMacs) {
        int[] take = new int[orders.size()];
        int[] max = new int[orders.size()];
        double meanMacs = orders.stream().mapToDouble(Order::macsPerChannel).average().orElse(1);
        for (int i = 0; i < orders.size(); i++) {
            Order o = orders.get(i);
            int n = o.group().classes().size();
            max[i] = removable(o, cfg);
            Double fixed = groupRatio(cfg, o.group());
            if (fixed != null) {
                take[i] = Math.min(max[i], (int) Math.round(fixed * n));
                max[i] = -1;
            } else if (cfg.scope() == RatioScope.PER_LAYER) {
                take[i] = Math.min(max[i], (int) Math.round(ratio * n));
            } else {
                max[i] = maxRemovals(o, cfg);
            }
        }
        if (cfg.scope() == RatioScope.GLOBAL) {
            // data-driven: the budget is the fraction of the groups' MACs; else the fraction of their channels
            double budget = 0;
            for (int i = 0; i < orders.size(); i++) {
                if (max[i] >= 0) {
                    budget += orders.get(i).group().classes().size() * unit(orders.get(i), weighByMacs);
                }
            }
            budget *= ratio;
            PriorityQueue<int[]> queue = new PriorityQueue<>(Comparator.comparingDouble(e -> priority(orders.get(e[0]),
                    e[1], weighByMacs, meanMacs)));
            for (int i = 0; i < orders.size(); i++) {
                if (max[i] > 0) {
                    queue.add(new int[] {i, 0});
                }
            }
            while (budget > 0 && !queue.isEmpty()) {
                int[] e = queue.poll();
                take[e[0]]++;
                budget -= unit(orders.get(e[0]), weighByMacs);
                if (take[e[0]] < max[e[0]]) {
                    queue.add(new int[] {e[0], take[e[0]]});
                }
            }
        }
        Set<Integer> removed = new HashSet<>();
        for (int i = 0; i < orders.size(); i++) {
            Order o = orders.get(i);
            int n = o.group().classes().size();
            int r = round(n, take[i], cfg.roundTo(), o.classes().length);
            for (int k = 0; k < r; k++) {
                removed.add(o.classes()[k]);
            }
        }
        return removed;
    }

    /**
     * @return the most removals the global ranking may take from a group: it keeps its rounding multiple and loses
     *         at most {@link PruningConfig#MAX_GROUP_RATIO} of its channels (a fixed group ratio overrides this)
     */
    static int maxRemovals(Order o, PruningConfig cfg) {
        int n = o.group().classes().size();
        Double fixed = groupRatio(cfg, o.group());
        return Math.min(removable(o, cfg), fixed != null ? (int) Math.round(fixed * n)
                : (int) Math.floor(PruningConfig.MAX_GROUP_RATIO * n));
    }

    /** @return the removals a group allows at all: it keeps at least its rounding multiple (and one channel) */
    private static int removable(Order o, PruningConfig cfg) {
        int n = o.group().classes().size();
        return Math.min(o.classes().length, n - Math.min(n, Math.max(1, cfg.roundTo())));
    }

    private static double unit(Order o, boolean weighByMacs) {
        return weighByMacs ? o.macsPerChannel() : 1;
    }

    private static double priority(Order o, int k, boolean weighByMacs, double meanMacs) {
        double c = o.cost()[k];
        return weighByMacs && o.macsPerChannel() > 0 ? c * meanMacs / o.macsPerChannel() : c;
    }

    /** @return removals such that the kept count is a multiple of {@code multiple} (when the pins allow) */
    static int round(int n, int remove, int multiple, int removable) {
        if (remove <= 0) {
            return 0;
        }
        int kept = n - remove;
        int rounded = Math.max(multiple, (int) Math.round((double) kept / multiple) * multiple);
        rounded = Math.min(n, rounded);
        int r = n - rounded;
        while (r > removable) {
            r -= multiple; // keep more rather than fewer
        }
        return Math.max(0, Math.min(r, Math.min(removable, n - 1)));
    }

    private static Double groupRatio(PruningConfig cfg, Group g) {
        for (NodeProto p : g.producers()) {
            Double r = cfg.groupRatios().get(p.getName());
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
