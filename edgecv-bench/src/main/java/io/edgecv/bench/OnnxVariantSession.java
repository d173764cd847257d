package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.model.ModelFamilies;
import io.edgecv.model.ModelSignature;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The set-up and tear-down shared by the benchmarks of variants (pruned, quantized) of the SSD-MobileNetV2 ONNX
 * fixture: find the float32 fixture, open a variant on ONNX Runtime with {@code dog.jpg} preprocessed into its
 * input (the preprocessing read from the float32 model), and delete the variants made.
 *
 * <p>Thread-safety: stateless, thread-safe.
 */
final class OnnxVariantSession {
    private OnnxVariantSession() {
    }

    /** @return the float32 SSD-MobileNetV2 ONNX fixture */
    static Path fp32Ssd() {
        return BenchFixtures.file("models", "ssd_mobilenetv2_oidv4.onnx").orElseThrow(
                () -> new IllegalStateException("models/ssd_mobilenetv2_oidv4.onnx not found: "
                        + BenchFixtures.whereToPut()));
    }

    /**
     * @param fp32         the float32 model, whose description gives the preprocessing
     * @param model        the variant to open
     * @param threads      intra-op threads
     * @param optimization ONNX Runtime graph optimisation level
     * @return the open session, its input filled with {@code dog.jpg} and run once
     * @throws EdgeCvException if the backend fails
     */
    static BackendSession open(Path fp32, Path model, int threads, String optimization) throws EdgeCvException {
        Preprocessing pre;
        ModelSource source = ModelSource.of(fp32);
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx").open(source, BackendOptions.defaults())) {
            pre = ModelFamilies.describe(new ModelSignature(source, s.inputs(), s.outputs(), s.metadata()))
                    .preprocessing();
        }
        BackendSession session = Backends.select(ModelFormat.ONNX, "onnx").open(ModelSource.of(model),
                BackendOptions.of(threads, Map.of("onnx.optimization", optimization)));
        new Preprocessor(pre).apply(BenchFixtures.readImage("dog.jpg"), session.inputBuffer(0));
        session.run();
        return session;
    }

    /**
     * Closes the session and deletes the folder of variants made.
     *
     * @param session the session, or null if none was opened
     * @param workDir the folder, or null if none was made
     */
    static void close(BackendSession session, Path workDir) {
        if (session != null) {
            session.close();
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
