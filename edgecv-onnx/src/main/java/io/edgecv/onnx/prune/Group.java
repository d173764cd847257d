package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A dependency group: the classes of channels made by a set of convolutions coupled through residual adds,
 * element-wise products, concats or splits, with every consumer that reads them.
 *
 * <p>Thread-safety: immutable once built.
 *
 * @param name the first producing node's name
 * @param producers the convolutions whose output channels are the group's
 * @param classes the group's classes (root elements), in graph order
 * @param prunable the classes that may be removed (not pinned)
 * @param consumers the consumer uses (convolution input channels, Gemm/MatMul rows) reading the group's classes
 */
record Group(String name, List<NodeProto> producers, List<Integer> classes, List<Integer> prunable,
             List<ChannelUse> consumers) {

    /** @return the groups of a channel graph, in graph order; groups with nothing prunable included */
    static List<Group> of(ChannelGraph cg) {
        Map<NodeProto, Integer> producerIndex = new LinkedHashMap<>();
        for (int e = 0; e < cg.elementCount(); e++) {
            NodeProto p = cg.producerOf(e);
            if (p != null) {
                producerIndex.putIfAbsent(p, producerIndex.size());
            }
        }
        UnionFind producersUf = new UnionFind();
        for (int i = 0; i < producerIndex.size(); i++) {
            producersUf.add();
        }
        Map<Integer, Integer> firstProducerOfClass = new HashMap<>();
        for (int e = 0; e < cg.elementCount(); e++) {
            NodeProto p = cg.producerOf(e);
            if (p == null) {
                continue;
            }
            int idx = producerIndex.get(p);
            Integer prev = firstProducerOfClass.putIfAbsent(cg.classOf(e), idx);
            if (prev != null) {
                producersUf.union(prev, idx);
            }
        }
        Map<Integer, List<NodeProto>> producersOf = new TreeMap<>();
        producerIndex.forEach((p, i) -> producersOf.computeIfAbsent(producersUf.find(i), k -> new ArrayList<>())
                .add(p));
        Map<Integer, List<Integer>> classesOf = new TreeMap<>();
        new java.util.TreeSet<>(firstProducerOfClass.keySet()).forEach(root -> classesOf
                .computeIfAbsent(producersUf.find(firstProducerOfClass.get(root)), k -> new ArrayList<>()).add(root));
        Set<Integer> pinned = cg.pinnedClasses();
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<Integer, List<NodeProto>> e : producersOf.entrySet()) {
            List<Integer> classes = classesOf.getOrDefault(e.getKey(), List.of());
            List<Integer> prunable = new ArrayList<>();
            java.util.HashSet<Integer> mine = new java.util.HashSet<>(classes);
            classes.forEach(c -> {
                if (!pinned.contains(c)) {
                    prunable.add(c);
                }
            });
            List<ChannelUse> consumers = new ArrayList<>();
            for (ChannelUse u : cg.uses()) {
                if (u.kind() == ChannelUse.Kind.CONSUMER && reads(cg, u, mine)) {
                    consumers.add(u);
                }
            }
            groups.add(new Group(e.getValue().get(0).getName(), List.copyOf(e.getValue()), List.copyOf(classes),
                    List.copyOf(prunable), List.copyOf(consumers)));
        }
        return groups;
    }

    private static boolean reads(ChannelGraph cg, ChannelUse u, Set<Integer> classes) {
        for (int e : u.layout()) {
            if (classes.contains(cg.classOf(e))) {
                return true;
            }
        }
        return false;
    }
}
