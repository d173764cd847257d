package io.edgecv.onnx.prune;

import io.edgecv.prune.LeftWhole;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The channels a {@link ChannelGraph} must keep, and the nodes that made it keep them with the reason (the
 * report's "left whole" list).
 *
 * <p>Thread-safety: not thread-safe; filled and read on one thread.
 */
final class Pins {
    private final Map<Integer, String> pinned = new HashMap<>();
    private final Map<String, LeftWhole> leftWhole = new LinkedHashMap<>();

    /**
     * @param layout the elements to keep, or null (nothing to pin)
     * @param node the node that pins them
     * @param opType its operator
     * @param reason why, for the report
     */
    void pin(int[] layout, String node, String opType, String reason) {
        if (layout == null) {
            return;
        }
        for (int e : layout) {
            pinned.putIfAbsent(e, reason);
        }
        leftWhole.putIfAbsent(node + "\u0000" + reason, new LeftWhole(node, opType, reason));
    }

    /** @return the classes of the pinned elements */
    Set<Integer> classes(UnionFind uf) {
        Set<Integer> s = new HashSet<>();
        pinned.keySet().forEach(e -> s.add(uf.find(e)));
        return s;
    }

    /** @return nodes whose channels were left whole, with the reason, in order of discovery */
    List<LeftWhole> leftWhole() {
        return List.copyOf(leftWhole.values());
    }
}
