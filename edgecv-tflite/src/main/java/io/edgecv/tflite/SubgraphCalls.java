package io.edgecv.tflite;

import java.util.List;

/**
 * Checks the calls between subgraphs that control-flow operators make ({@code IF}, {@code WHILE},
 * {@code CALL_ONCE}, ...) for cycles: TensorFlow Lite would recurse until its stack overflows.
 *
 * <p>Thread-safety: stateless.
 */
final class SubgraphCalls {
    private SubgraphCalls() {
    }

    /**
     * @param calls per subgraph, the subgraphs its control-flow operators call (indices already checked)
     * @throws ModelDefect if a subgraph calls itself through any chain, or calls nest more than 1000 deep
     */
    static void checkNoCycles(List<List<Integer>> calls) throws ModelDefect {
        int[] state = new int[calls.size()]; // 0 new, 1 on the path, 2 done
        for (int s = 0; s < state.length; s++) {
            if (state[s] == 0) {
                visit(calls, s, state, 0);
            }
        }
    }

    private static void visit(List<List<Integer>> calls, int s, int[] state, int depth) throws ModelDefect {
        if (depth > 1000) {
            throw new ModelDefect("subgraph calls nest more than 1000 deep");
        }
        state[s] = 1;
        for (int callee : calls.get(s)) {
            if (state[callee] == 1) {
                throw new ModelDefect("subgraph " + s + " calls subgraph " + callee
                        + ", which is already running: the control flow is a cycle");
            }
            if (state[callee] == 0) {
                visit(calls, callee, state, depth + 1);
            }
        }
        state[s] = 2;
    }
}
