package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.prune.GroupDecision;
import io.edgecv.prune.Importance;
import io.edgecv.prune.LeftWhole;
import io.edgecv.prune.PrunedChannels;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningListener;
import io.edgecv.prune.RatioScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One step of structured pruning: analyse the channel dependencies, rank and choose the channels, rewrite the
 * graph, then refit every consumer that lost input channels, in graph order, on the pruned network's activations.
 *
 * <p>Thread-safety: not thread-safe; one step on one thread.
 */
final class StructuredStep {
    private static final Logger LOG = LoggerFactory.getLogger(StructuredStep.class);

    final List<GroupDecision> decisions = new ArrayList<>();
    List<LeftWhole> leftWhole = List.of();
    /** The channels this step kept, as indices of the step's input model. */
    PrunedChannels kept = PrunedChannels.none();

    /**
     * @param current the model to prune (the refit's targets come from it)
     * @param ratio this step's ratio
     * @return the pruned (and refitted) model
     */
    ModelProto run(ModelProto current, String name, double ratio, PruningConfig cfg, CalibrationInputs calib,
                   long[] inputShape, long opset, PruningListener listener) throws EdgeCvException {
        ChannelGraph cg = new ChannelGraph(current.getGraph(), cfg.keepHeads(), cfg.excludedNodes());
        leftWhole = cg.leftWhole();
        List<Group> groups = new ArrayList<>();
        for (Group g : Group.of(cg)) {
            if (!g.prunable().isEmpty()) {
                groups.add(g);
            }
        }
        if (groups.isEmpty()) {
            throw new InvalidModelException(name + " has no channels that can be pruned: " + (leftWhole.isEmpty()
                    ? "no convolution with constant float32 weights has output channels another layer reads"
                    : leftWhole));
        }
        ModelCost cost = ModelCost.of(current, inputShape, cfg.threads());
        Map<Group, Double> macs = macsPerChannel(cg, groups, cost);
        List<Selection.Order> orders = new ArrayList<>();
        boolean data = cfg.importance() == Importance.ACTIVATION;
        Map<ChannelUse, DMatrixRMaj> contributions = Map.of();
        if (data) {
            List<ChannelUse> consumers = new ArrayList<>();
            groups.forEach(g -> g.consumers().stream().filter(u -> !consumers.contains(u)).forEach(consumers::add));
            contributions = Statistics.contributions(current, cg, consumers, calib, cfg.samplesPerImage(),
                    cfg.threads(), listener);
        }
        for (Group g : groups) {
            orders.add(data ? Selection.greedy(g, cg, contributions, macs.get(g))
                    : Selection.byWeights(g, cg, cfg.importance(), macs.get(g)));
        }
        if (data && cfg.scope() == RatioScope.GLOBAL && cfg.sensitivityImages() > 0) {
            orders = OutputSensitivity.scale(current, cg, orders, calib, cfg, inputShape, opset, listener);
        }
        Set<Integer> removed = Selection.allocate(orders, cfg, ratio, data);
        keepOneEverywhere(cg, removed, cfg.roundTo());
        kept = ChannelRewriter.keptChannels(cg, removed);
        ModelProto pruned = current.toBuilder().setGraph(ChannelRewriter.apply(cg, removed, opset)).build();
        Map<String, double[]> errors = new HashMap<>();
        if (calib != null && cfg.recovery() && !removed.isEmpty()) {
            List<ChannelUse> affected = new ArrayList<>();
            for (ChannelUse u : cg.uses()) {
                if (u.kind() == ChannelUse.Kind.CONSUMER && u.node().getOpType().equals("Conv")
                        && ChannelRewriter.kept(cg, u.layout(), removed) < u.layout().length) {
                    affected.add(u);
                }
            }
            List<RefitTargets.Target> targets = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            for (ChannelUse u : affected) {
                targets.add(new RefitTargets.Target(u.node().getName(), keptOutputs(cg, u.node(), removed)));
                outputs.add(u.node().getOutput(0));
            }
            RefitTargets.collect(current, targets, outputs, calib, cfg.samplesPerImage(), cfg.threads(), listener);
            List<Refitter.Result> results = new ArrayList<>();
            for (List<RefitTargets.Target> wave : waves(current, affected, targets)) {
                pruned = Refitter.refitWave(pruned, wave, calib, cfg.ridge(), cfg.recovery(), cfg.threads(),
                        listener, results);
            }
            for (Refitter.Result r : results) {
                errors.put(r.node(), new double[] {r.errorBefore(), r.errorAfter(), r.energy()});
                LOG.debug("{}: relative error {} -> {}", r.node(), r.errorBefore(), r.errorAfter());
            }
        }
        for (Group g : groups) {
            int gone = 0;
            for (int c : g.classes()) {
                gone += removed.contains(c) ? 1 : 0;
            }
            double[] e = new double[3];
            List<String> consumers = new ArrayList<>();
            for (ChannelUse u : g.consumers()) {
                consumers.add(u.node().getName());
                double[] ce = errors.get(u.node().getName());
                if (ce != null) {
                    e[0] += ce[0] * ce[2];
                    e[1] += ce[1] * ce[2];
                    e[2] += ce[2];
                }
            }
            List<String> producers = g.producers().stream().map(NodeProto::getName).toList();
            decisions.add(new GroupDecision(g.name(), producers, consumers, g.classes().size(),
                    g.classes().size() - gone, e[2] > 0 ? e[0] / e[2] : Double.NaN,
                    e[2] > 0 && cfg.recovery() ? e[1] / e[2] : Double.NaN));
        }
        return pruned;
    }

    /**
     * @return the consumers cut into waves, in graph order: no consumer's input depends on another consumer of its
     *         wave, so a wave is refitted in one pass, each wave seeing the refits of the earlier ones
     */
    private static List<List<RefitTargets.Target>> waves(ModelProto m, List<ChannelUse> affected,
                                                         List<RefitTargets.Target> targets) {
        Map<String, NodeProto> producer = new HashMap<>();
        m.getGraph().getNodeList().forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n)));
        List<List<RefitTargets.Target>> waves = new ArrayList<>();
        List<RefitTargets.Target> wave = new ArrayList<>();
        Set<String> inWave = new HashSet<>();
        for (int i = 0; i < affected.size(); i++) {
            Set<String> ancestors = new HashSet<>();
            List<String> todo = new ArrayList<>(List.of(affected.get(i).node().getInput(0)));
            while (!todo.isEmpty()) {
                NodeProto p = producer.get(todo.remove(todo.size() - 1));
                if (p != null && ancestors.add(p.getName())) {
                    todo.addAll(p.getInputList());
                }
            }
            if (ancestors.stream().anyMatch(inWave::contains)) {
                waves.add(wave);
                wave = new ArrayList<>();
                inWave.clear();
            }
            wave.add(targets.get(i));
            inWave.add(affected.get(i).node().getName());
        }
        if (!wave.isEmpty()) {
            waves.add(wave);
        }
        return waves;
    }

    /** @return the consumer's output channels that stay, as indices of its current outputs */
    private static int[] keptOutputs(ChannelGraph cg, NodeProto n, Set<Integer> removed) {
        for (ChannelUse u : cg.uses()) {
            if (u.kind() == ChannelUse.Kind.PRODUCER && u.node() == n) {
                List<Integer> kept = new ArrayList<>();
                for (int i = 0; i < u.layout().length; i++) {
                    if (!removed.contains(cg.classOf(u.layout()[i]))) {
                        kept.add(i);
                    }
                }
                return kept.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        throw new IllegalStateException("consumer " + n.getName() + " has no output channels");
    }

    /**
     * Puts back classes wherever a tensor (or a Split output) would lose all its channels: as many as the rounding
     * multiple (when the tensor has that many), so that the groups' channel counts stay multiples of it.
     */
    static void keepOneEverywhere(ChannelGraph cg, Set<Integer> removed, int multiple) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ChannelUse u : cg.uses()) {
                List<int[]> segments = new ArrayList<>();
                if (u.kind() == ChannelUse.Kind.SPLIT) {
                    long[] sizes = cg.splitSizes(u.node(), u.layout().length);
                    int at = 0;
                    for (long s : sizes) {
                        segments.add(java.util.Arrays.copyOfRange(u.layout(), at, at + (int) s));
                        at += (int) s;
                    }
                } else {
                    segments.add(u.layout());
                }
                for (int[] seg : segments) {
                    if (seg.length > 0 && ChannelRewriter.kept(cg, seg, removed) == 0) {
                        int back = 0;
                        for (int k = 0; k < seg.length && back < multiple; k++) {
                            back += removed.remove(cg.classOf(seg[k])) ? 1 : 0;
                        }
                        changed = true;
                    }
                }
            }
        }
    }

    /** @return per group, the MACs one of its channels costs: in its producers, depthwise layers and consumers */
    private static Map<Group, Double> macsPerChannel(ChannelGraph cg, List<Group> groups, ModelCost cost) {
        Map<Integer, Group> groupOf = new HashMap<>();
        groups.forEach(g -> g.classes().forEach(c -> groupOf.put(c, g)));
        Map<Group, Double> sum = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ChannelUse u : cg.uses()) {
            if (u.kind() == ChannelUse.Kind.PARAMETER || u.kind() == ChannelUse.Kind.SPLIT
                    || u.kind() == ChannelUse.Kind.RESIZE_SIZES || !seen.add(u.kind() + u.node().getName())) {
                continue;
            }
            double per = cost.nodeMacs().getOrDefault(u.node().getName(), 0L) / (double) u.layout().length;
            for (int e : u.layout()) {
                Group g = groupOf.get(cg.classOf(e));
                if (g != null) {
                    sum.merge(g, per, Double::sum);
                }
            }
        }
        Map<Group, Double> out = new HashMap<>();
        groups.forEach(g -> out.put(g, sum.getOrDefault(g, 0.0) / g.classes().size()));
        return out;
    }
}
