package io.edgecv.tflite;

import io.edgecv.spi.flatbuffers.FlatBufferReader;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Table;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Vector;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes deterministic corrupt copies of a model file for fuzzing: random byte flips, random 4-byte writes of
 * boundary and large or negative integers, truncations, with most edits aimed at the flatbuffer structure
 * (tables, vtables, offsets, vectors) rather than the weights, and a share aimed at the header and root vtable;
 * plus structurally valid but inconsistent graphs (tensor dimensions set to other small values, operator inputs
 * rewired to other tensors).
 */
final class ModelMutator {
    /** Kinds of mutation, chosen by seed. */
    enum Kind { BYTE_FLIPS, INT_WRITES, TRUNCATION, HEADER, MIXED, SHAPES_AND_WIRING }

    private static final int[] INTERESTING = {0, 1, -1, 2, 3, 4, 7, 8, 16, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        0x7FFFFFFF, 0x80000000, 0x7FFFFFFE, 0xFFFFFFFE, 0x40000000, 1 << 20, -4, -8, -1024};

    private final byte[] original;
    /** Start and end of each structure region (bytes not holding constant buffer data). */
    private final int[] structure;
    private final int structureBytes;
    /** Positions of every shape dimension and every operator input index of the main subgraph. */
    private final int[] dimensionPositions;
    private final int[] inputPositions;
    private final int tensorCount;

    /**
     * @param original   the valid model file
     * @param dataRanges (start, end) pairs of its constant-data ranges, sorted, from the verifier
     */
    ModelMutator(byte[] original, long[] dataRanges) {
        this.original = original.clone();
        int[] s = new int[dataRanges.length + 2];
        int n = 0;
        long at = 0;
        int total = 0;
        for (int i = 0; i < dataRanges.length; i += 2) {
            if (dataRanges[i] > at) {
                s[n++] = (int) at;
                s[n++] = (int) dataRanges[i];
                total += (int) (dataRanges[i] - at);
            }
            at = Math.max(at, dataRanges[i + 1]);
        }
        if (at < original.length) {
            s[n++] = (int) at;
            s[n++] = original.length;
            total += (int) (original.length - at);
        }
        this.structure = Arrays.copyOf(s, n);
        this.structureBytes = total;
        java.util.List<Integer> dims = new java.util.ArrayList<>();
        java.util.List<Integer> ins = new java.util.ArrayList<>();
        int tensors = 0;
        try {
            FlatBufferReader<ModelDefect> fb = TfLiteModelVerifier.reader(this.original);
            Table<ModelDefect> g = fb.table(fb.deref(0, "root"), "model").vector(2, "subgraphs", 4).table(0);
            Vector<ModelDefect> ts = g.vector(0, "tensors", 4);
            tensors = ts.length;
            for (int i = 0; i < ts.length; i++) {
                Vector<ModelDefect> shape = ts.table(i).vector(0, "shape", 4);
                for (int k = 0; shape != null && k < shape.length; k++) {
                    dims.add(shape.start + 4 * k);
                }
            }
            Vector<ModelDefect> ops = g.vector(3, "operators", 4);
            for (int i = 0; ops != null && i < ops.length; i++) {
                Vector<ModelDefect> in = ops.table(i).vector(1, "inputs", 4);
                for (int k = 0; in != null && k < in.length; k++) {
                    ins.add(in.start + 4 * k);
                }
            }
        } catch (ModelDefect e) {
            throw new IllegalArgumentException("the original model must be valid", e);
        }
        this.dimensionPositions = dims.stream().mapToInt(Integer::intValue).toArray();
        this.inputPositions = ins.stream().mapToInt(Integer::intValue).toArray();
        this.tensorCount = tensors;
    }

    /** @return the kind of mutation {@code seed} makes */
    static Kind kind(long seed) {
        return Kind.values()[Math.floorMod(seed, Kind.values().length)];
    }

    /** @return a corrupt copy, the same for the same seed */
    byte[] mutate(long seed) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 12345);
        byte[] b = original.clone();
        switch (kind(seed)) {
            case BYTE_FLIPS:
                for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
                    flip(b, r, structurePosition(r));
                }
                return b;
            case INT_WRITES:
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    writeInt(b, r, structurePosition(r) & ~(r.nextInt(4) == 0 ? 0 : 3));
                }
                return b;
            case TRUNCATION: {
                int len = r.nextInt(3) == 0 ? r.nextInt(Math.min(b.length, 4096))
                        : r.nextInt(b.length);
                return Arrays.copyOf(b, len);
            }
            case HEADER: {
                int limit = Math.min(b.length, 512);
                if (r.nextBoolean()) {
                    writeInt(b, r, r.nextInt(limit - 3) & ~3);
                } else {
                    flip(b, r, r.nextInt(limit));
                }
                return b;
            }
            case SHAPES_AND_WIRING:
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    if (r.nextBoolean()) {
                        put(b, dimensionPositions[r.nextInt(dimensionPositions.length)],
                                1 + r.nextInt(r.nextBoolean() ? 4 : 300));
                    } else {
                        put(b, inputPositions[r.nextInt(inputPositions.length)], r.nextInt(tensorCount));
                    }
                }
                return b;
            default: {
                for (int i = 0, n = 2 + r.nextInt(6); i < n; i++) {
                    int p = r.nextInt(5) == 0 ? r.nextInt(b.length) : structurePosition(r);
                    if (r.nextBoolean()) {
                        flip(b, r, p);
                    } else {
                        writeInt(b, r, p);
                    }
                }
                return r.nextInt(4) == 0 ? Arrays.copyOf(b, r.nextInt(b.length)) : b;
            }
        }
    }

    private int structurePosition(SplittableRandom r) {
        int k = r.nextInt(structureBytes);
        for (int i = 0; i < structure.length; i += 2) {
            int len = structure[i + 1] - structure[i];
            if (k < len) {
                return structure[i] + k;
            }
            k -= len;
        }
        return structure[0];
    }

    private static void flip(byte[] b, SplittableRandom r, int p) {
        b[p] ^= (byte) (1 + r.nextInt(255));
    }

    private void writeInt(byte[] b, SplittableRandom r, int p) {
        int v;
        switch (r.nextInt(4)) {
            case 0: v = INTERESTING[r.nextInt(INTERESTING.length)]; break;
            case 1: v = r.nextInt(); break;                       // large, often negative
            case 2: v = original.length + r.nextInt(-64, 64); break; // around the end of the file
            default: v = r.nextInt(-4096, 4096); break;           // small offsets and indices
        }
        put(b, Math.max(0, Math.min(p, b.length - 4)), v);
    }

    private static void put(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }
}
