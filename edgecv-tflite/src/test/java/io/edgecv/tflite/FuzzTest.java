package io.edgecv.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Opens hundreds of deterministically corrupted copies of the fixture models through the real backend (Java
 * verifier, probe process, TensorFlow Lite) in this Surefire fork: each must be refused with an
 * {@link EdgeCvException} or open and run. A native crash would kill the fork and fail the build. CI runs up to
 * 300 mutants per model within 90 s each; {@code -Dedgecv.fuzz.mutants=3300 -Dedgecv.fuzz.seconds=3600} runs the
 * 9,900 of the CHANGELOG.
 */
class FuzzTest {
    /** Mutants per model; the run stops earlier when the time budget is spent. */
    private static final int MUTANTS = Integer.getInteger("edgecv.fuzz.mutants", 300);
    private static final long BUDGET_NANOS = Long.getLong("edgecv.fuzz.seconds", 90) * 1_000_000_000L;

    private static final BackendProvider PROVIDER = new TfLiteBackendProvider();

    @BeforeEach // not @BeforeAll: each test reports the skip
    void runtimePresent() {
        assumeTrue(Backends.availability(PROVIDER).isAvailable(), () -> Backends.availability(PROVIDER).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.FACE_SHORT_TFLITE, Fixtures.FACE_FULL_TFLITE, Fixtures.SSD_TFLITE})
    void corruptCopiesAreRefusedOrRunNeverCrash(String model) throws Exception {
        byte[] original = Files.readAllBytes(Fixtures.model(model));
        ModelMutator mutator = new ModelMutator(original, TfLiteModelVerifier.verify(original, model).dataRanges());
        int refusedByVerifier = 0;
        int refusedByProbe = 0;
        int refusedOther = 0;
        int ran = 0;
        int tried = 0;
        long start = System.nanoTime();
        for (long seed = 1; seed <= MUTANTS && System.nanoTime() - start < BUDGET_NANOS; seed++) {
            byte[] mutant = mutator.mutate(seed);
            tried++;
            String name = model + "#" + seed;
            try {
                TfLiteModelVerifier.verify(mutant, name);
            } catch (InvalidModelException e) {
                assertThat(e.getMessage()).contains(name);
                refusedByVerifier++;
                continue;
            }
            try (BackendSession s = PROVIDER.open(ModelSource.ofBytes(mutant, name), BackendOptions.of(1, Map.of()))) {
                s.run();
                for (int o = 0; o < s.outputCount(); o++) {
                    // a model that runs hands out exactly the elements its output shape holds
                    long elements = 1;
                    for (long d : s.outputShape(o)) {
                        elements *= d;
                    }
                    assertThat((long) s.output(o).limit()).as(name + " output " + o).isEqualTo(elements);
                }
                ran++;
            } catch (InvalidModelException e) {
                if (e.getMessage().contains("isolated probe")) {
                    refusedByProbe++;
                    System.err.println("probe refused " + name + " (" + ModelMutator.kind(seed) + "): "
                            + e.getMessage());
                } else {
                    refusedOther++;
                }
            } catch (EdgeCvException e) {
                refusedOther++;
            }
        }
        System.err.printf("FUZZ %s: %d mutants in %.1f s: %d refused by the Java verifier, %d by the probe"
                        + " process, %d by TensorFlow Lite's checks (shape check, kernels), %d opened and ran%n",
                model, tried,
                (System.nanoTime() - start) / 1e9, refusedByVerifier, refusedByProbe, refusedOther, ran);
        assertThat(tried).isGreaterThanOrEqualTo(Math.min(MUTANTS, 100));
        assertThat(refusedByVerifier).isPositive();
        assertThat(ran).isPositive();
    }
}
