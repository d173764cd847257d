package io.edgecv.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.flatbuffers.FlatBufferReader;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Table;
import io.edgecv.spi.flatbuffers.FlatBufferReader.Vector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MediaPipe's pose detector (npm {@code @mediapipe/pose}), whose weights are sparse tensors densified by DENSIFY
 * operators: it passes EdgeCV's verifier, runs through the backend with raw outputs identical to TensorFlow Lite
 * given the file unverified, a corrupt sparse index is refused, and fuzzed copies never crash the JVM.
 */
class SparseModelTest {
    private static final BackendProvider PROVIDER = new TfLiteBackendProvider();
    private static Path pose;

    @BeforeAll
    static void modelAndRuntime() {
        assumeTrue(Backends.availability(PROVIDER).isAvailable(), () -> Backends.availability(PROVIDER).reason());
        pose = NpmModels.poseDetector().orElse(null);
        assumeTrue(pose != null, NpmModels::lastFailure);
    }

    @Test
    void officialSparseModelPassesTheVerifier() throws Exception {
        VerifiedModel v = TfLiteModelVerifier.verify(Files.readAllBytes(pose), NpmModels.POSE_FILE);
        assertThat(v.operators()).contains("DENSIFY");
        assertThat(sparseIndexVectors(Files.readAllBytes(pose))).as("sparse tensors with CSR indices").isPositive();
    }

    @Test
    void rawOutputsEqualTensorFlowLiteUnverified() throws Exception {
        byte[] bytes = Files.readAllBytes(pose);
        try (BackendSession s = PROVIDER.open(ModelSource.of(pose), BackendOptions.of(1,
                Map.of("tflite.xnnpack", "false")))) {
            FloatBuffer in = s.inputBuffer(0).order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < in.capacity(); i++) {
                in.put(i, input(i));
            }
            s.run();
            float[][] reference = unverified(bytes, s.outputCount());
            for (int o = 0; o < reference.length; o++) {
                FloatBuffer out = s.output(o);
                float[] got = new float[out.limit()];
                out.get(0, got);
                assertThat(got).as("output " + o).containsExactly(reference[o]);
            }
        }
    }

    /** A deterministic image-like input in [-1, 1]. */
    private static float input(int i) {
        return (float) Math.sin(i * 0.001) * 0.9f;
    }

    /** Runs the file in TensorFlow Lite with no EdgeCV check at all, XNNPACK off, one thread. */
    private static float[][] unverified(byte[] bytes, int outputs) {
        Loader.load(tensorflowlite.class);
        BytePointer data = new BytePointer(bytes.length);
        data.put(bytes);
        FlatBufferModel model = FlatBufferModel.BuildFromBuffer(data, bytes.length);
        Interpreter interpreter = new Interpreter((Pointer) null);
        InterpreterBuilder builder = new InterpreterBuilder(model, new BuiltinOpResolverWithoutDefaultDelegates());
        builder.SetNumThreads(1);
        assertThat(builder.apply(interpreter)).isZero();
        assertThat(interpreter.AllocateTensors()).isZero();
        TfLiteTensor in = interpreter.input_tensor(0);
        FloatBuffer f = in.data().raw().capacity(in.bytes()).asByteBuffer().order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int i = 0; i < f.capacity(); i++) {
            f.put(i, input(i));
        }
        assertThat(interpreter.Invoke()).isZero();
        float[][] out = new float[outputs][];
        for (int o = 0; o < out.length; o++) {
            TfLiteTensor t = interpreter.output_tensor(o);
            FloatBuffer b = t.data().raw().capacity(t.bytes()).asByteBuffer().order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            out[o] = new float[b.capacity()];
            b.get(out[o]);
        }
        return out;
    }

    /** @return how many SPARSE_CSR index vectors the main subgraph's tensors hold; mutates the first if asked */
    private static int sparseIndexVectors(byte[] model) throws ModelDefect {
        return walkIndices(model, false);
    }

    private static int walkIndices(byte[] model, boolean corruptFirst) throws ModelDefect {
        FlatBufferReader<ModelDefect> fb = TfLiteModelVerifier.reader(model);
        Vector<ModelDefect> tensors = fb.table(fb.deref(0, "root"), "model").vector(2, "subgraphs", 4).table(0)
                .vector(0, "tensors", 4);
        int found = 0;
        for (int t = 0; t < tensors.length; t++) {
            Table<ModelDefect> sp = tensors.table(t).table(6, "sparsity");
            Vector<ModelDefect> meta = sp == null ? null : sp.vector(2, "dim_metadata", 4);
            for (int d = 0; meta != null && d < meta.length; d++) {
                Table<ModelDefect> m = meta.table(d);
                if (m.i8(0, "format", 0) != 1) {
                    continue;
                }
                int type = m.u8(4, "array_indices_type", 0);
                int size = type == 1 ? 4 : type == 2 ? 2 : 1;
                Vector<ModelDefect> v = m.table(5, "array_indices").vector(0, "values", size);
                if (corruptFirst && found == 0) {
                    for (int b = 0; b < size; b++) {
                        model[v.start + b] = (byte) 0x7F; // far outside any dimension
                    }
                }
                found++;
            }
        }
        return found;
    }

    @Test
    void aCorruptSparseIndexIsRefusedAsCorrupt() throws Exception {
        byte[] bad = Files.readAllBytes(pose);
        assertThat(walkIndices(bad, true)).isPositive();
        assertThatThrownBy(() -> TfLiteModelVerifier.verify(bad, "pose#bad-index"))
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("array_indices")
                .hasMessageContaining("corrupt");
    }

    /**
     * Fuzzed copies of the sparse model (structure bytes, which hold the sparsity metadata): each is refused or
     * runs; a crash would kill the fork. CI runs 200 within 120 s; {@code -Dedgecv.fuzz.sparse.mutants=1000
     * -Dedgecv.fuzz.seconds=3600} runs 1,000.
     */
    @Test
    void fuzzedSparseCopiesAreRefusedOrRunNeverCrash() throws Exception {
        int mutants = Integer.getInteger("edgecv.fuzz.sparse.mutants", 200);
        long budget = Long.getLong("edgecv.fuzz.seconds", 120) * 1_000_000_000L;
        byte[] original = Files.readAllBytes(pose);
        ModelMutator mutator = new ModelMutator(original, TfLiteModelVerifier.verify(original, "pose")
                .dataRanges());
        int tried = 0;
        int verifier = 0;
        int sparsity = 0;
        int other = 0;
        int ran = 0;
        long start = System.nanoTime();
        for (long seed = 1; seed <= mutants && System.nanoTime() - start < budget; seed++) {
            byte[] mutant = mutator.mutate(seed);
            tried++;
            String name = "pose#" + seed;
            try {
                TfLiteModelVerifier.verify(mutant, name);
            } catch (InvalidModelException e) {
                assertThat(e.getMessage()).contains(name);
                verifier++;
                sparsity += e.getMessage().contains(".sparsity") ? 1 : 0;
                continue;
            }
            try (BackendSession s = PROVIDER.open(ModelSource.ofBytes(mutant, name), BackendOptions.of(1,
                    Map.of()))) {
                s.run();
                ran++;
            } catch (EdgeCvException e) {
                other++;
            }
        }
        System.err.printf("FUZZ sparse pose: %d mutants in %.1f s: %d refused by the verifier (%d in sparsity"
                + " metadata), %d by the probe or TensorFlow Lite, %d ran%n", tried,
                (System.nanoTime() - start) / 1e9, verifier, sparsity, other, ran);
        assertThat(tried).isGreaterThanOrEqualTo(Math.min(mutants, 50));
        assertThat(verifier).isPositive();
    }
}
