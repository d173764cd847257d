package io.edgecv.onnx.prune;

import java.util.Arrays;

/**
 * Disjoint sets of channel elements that growing as elements are added, with path halving.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class UnionFind {
    private int[] parent = new int[64];
    private int size;

    /** @return a new element in a set of its own */
    int add() {
        if (size == parent.length) {
            parent = Arrays.copyOf(parent, size * 2);
        }
        parent[size] = size;
        return size++;
    }

    int size() {
        return size;
    }

    int find(int e) {
        while (parent[e] != e) {
            parent[e] = parent[parent[e]];
            e = parent[e];
        }
        return e;
    }

    void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            // the older element stays the root, so roots follow graph order
            if (ra < rb) {
                parent[rb] = ra;
            } else {
                parent[ra] = rb;
            }
        }
    }
}
