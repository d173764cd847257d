package io.edgecv.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A training checkpoint directory: {@code student.onnx} (the weights at the last checkpoint), {@code state.bin}
 * (the schedule's position, AdamW's moments, the history) and {@code best.onnx} (the best student so far). Each
 * file is written beside its final name and moved over it, so an interrupted write leaves the previous checkpoint.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class Checkpoint {
    static final int FORMAT = 1;
    private final Path dir;

    /** The run's position and history. */
    static final class State {
        int step;
        int totalSteps;
        long seed;
        int bestEpoch;
        double lossSum;
        int lossCount;
        final List<Double> agreements = new ArrayList<>();
        final List<Double> epochLosses = new ArrayList<>();
    }

    Checkpoint(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    Path studentFile() {
        return dir.resolve("student.onnx");
    }

    Path bestFile() {
        return dir.resolve("best.onnx");
    }

    boolean exists() {
        return Files.isRegularFile(dir.resolve("state.bin")) && Files.isRegularFile(studentFile());
    }

    void save(State s, OnnxTrainingGraph graph, StudentOptimizer optimizer) throws IOException {
        Path weights = dir.resolve("student.onnx.part");
        graph.save(weights);
        Path state = dir.resolve("state.bin.part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(state)))) {
            out.writeInt(FORMAT);
            out.writeInt(s.step);
            out.writeInt(s.totalSteps);
            out.writeLong(s.seed);
            out.writeInt(s.bestEpoch);
            out.writeDouble(s.lossSum);
            out.writeInt(s.lossCount);
            writeList(out, s.agreements);
            writeList(out, s.epochLosses);
            optimizer.save(out);
        }
        Files.move(weights, studentFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(state, dir.resolve("state.bin"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    void saveBest(OnnxTrainingGraph graph) throws IOException {
        Path part = dir.resolve("best.onnx.part");
        graph.save(part);
        Files.move(part, bestFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads the state and restores the optimiser (the graph must already hold {@link #studentFile()}'s weights).
     *
     * @throws IOException if the checkpoint is of another schedule or corrupt
     */
    State load(OnnxTrainingGraph graph, StudentOptimizer optimizer, int totalSteps, long seed) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(dir.resolve("state.bin"))))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("checkpoint " + dir + " has format " + format + ", not " + FORMAT);
            }
            State s = new State();
            s.step = in.readInt();
            s.totalSteps = in.readInt();
            s.seed = in.readLong();
            if (s.totalSteps != totalSteps || s.seed != seed) {
                throw new IOException("checkpoint " + dir + " is of a schedule of " + s.totalSteps + " steps with seed "
                        + s.seed + ", this run has " + totalSteps + " steps with seed " + seed + ": use the same"
                        + " images, epochs, batch size and seed to resume, or another checkpoint directory");
            }
            s.bestEpoch = in.readInt();
            s.lossSum = in.readDouble();
            s.lossCount = in.readInt();
            readList(in, s.agreements);
            readList(in, s.epochLosses);
            optimizer.load(in, graph);
            if (optimizer.steps() != s.step) {
                throw new IOException("checkpoint " + dir + " is inconsistent: step " + s.step + ", optimizer at "
                        + optimizer.steps());
            }
            return s;
        }
    }

    private static void writeList(DataOutputStream out, List<Double> v) throws IOException {
        out.writeInt(v.size());
        for (double d : v) {
            out.writeDouble(d);
        }
    }

    private static void readList(DataInputStream in, List<Double> v) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("checkpoint state is corrupt: a list of " + n + " values");
        }
        for (int i = 0; i < n; i++) {
            v.add(in.readDouble());
        }
    }
}
