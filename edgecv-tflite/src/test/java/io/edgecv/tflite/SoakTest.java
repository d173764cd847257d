package io.edgecv.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.testing.Fixtures;
import io.edgecv.testing.Soak;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resident memory stays flat on TensorFlow Lite, measured in a child JVM with a fixed, pre-touched heap
 * ({@link Soak#forked}): 20,000 BlazeFace detections after 1,000 of warm-up, and 1,000 detectors opened, used
 * and closed after 300 (the JIT settles first; under load it compiles well into the first hundreds). A longer
 * run for devices: {@code edgecv-bench/soak.sh}.
 */
class SoakTest {
    private static final long MB = 1_000_000;
    private static final Path MODEL = Fixtures.model(Fixtures.FACE_SHORT_TFLITE);
    private static final Path PHOTO = Fixtures.image("grace_hopper.jpg");

    @Test
    void twentyThousandDetectionsGrowResidentMemoryLessThan5Mb() throws Exception {
        assumeTrue(Soak.supported(), "resident memory is read from /proc/self/status (Linux)");
        List<Soak.Result> r = Soak.forkedAndPrinted("tflite BlazeFace short range",
                "detect", MODEL, PHOTO, 1000, 10_000);
        assertThat(Soak.growth(r)).as(r.toString()).isLessThan(5 * MB);
    }

    @Test
    void openingAndClosingAThousandDetectorsLeaksNoNativeMemory() throws Exception {
        assumeTrue(Soak.supported(), "resident memory is read from /proc/self/status (Linux)");
        List<Soak.Result> r = Soak.forkedAndPrinted("tflite open/close BlazeFace short range",
                "open", MODEL, PHOTO, 300, 500);
        assertThat(Soak.growth(r)).as(r.toString()).isLessThan(5 * MB);
    }
}
