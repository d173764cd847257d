package io.edgecv.ncnn;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code .param} file: its layers in order and its blobs, numbered as NCNN numbers them (in order of
 * first appearance), each with the layer that produces it and how many layers read it.
 *
 * <p>Thread-safety: immutable.
 */
final class NcnnGraph {
    final List<ParamLayer> layers;
    final List<String> blobs;
    final int declaredBlobCount;
    private final int[] producer;
    private final int[] consumers;

    NcnnGraph(List<ParamLayer> layers, List<String> blobs, int declaredBlobCount) {
        this.layers = List.copyOf(layers);
        this.blobs = List.copyOf(blobs);
        this.declaredBlobCount = declaredBlobCount;
        this.producer = new int[blobs.size()];
        this.consumers = new int[blobs.size()];
        for (ParamLayer l : layers) {
            for (int t : l.tops) {
                producer[t] = l.index;
            }
            for (int b : l.bottoms) {
                consumers[b]++;
            }
        }
    }

    /** @return index of the blob named {@code name}, or -1 */
    int blobIndex(String name) {
        return blobs.indexOf(name);
    }

    /** @return the layer that writes blob {@code blob} */
    ParamLayer producer(int blob) {
        return layers.get(producer[blob]);
    }

    /** @return the layers that read blob {@code blob} */
    List<ParamLayer> consumers(int blob) {
        List<ParamLayer> out = new ArrayList<>();
        for (ParamLayer l : layers) {
            for (int b : l.bottoms) {
                if (b == blob) {
                    out.add(l);
                    break;
                }
            }
        }
        return out;
    }

    /** @return the blobs written by {@code Input} layers, in order: the model's inputs */
    List<Integer> inputBlobs() {
        List<Integer> out = new ArrayList<>();
        for (ParamLayer l : layers) {
            if (l.type.equals("Input")) {
                for (int t : l.tops) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** @return the blobs some layer writes and none reads, in order: the model's outputs */
    List<Integer> outputBlobs() {
        List<Integer> out = new ArrayList<>();
        for (int b = 0; b < blobs.size(); b++) {
            if (consumers[b] == 0 && !producer(b).type.equals("Input")) {
                out.add(b);
            }
        }
        return out;
    }
}
