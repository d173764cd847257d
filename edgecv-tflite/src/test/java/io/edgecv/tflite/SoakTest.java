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
 * and closed after 300, judged on the last 500. A longer run for devices: {@code edgecv-bench/soak.sh}.
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
        // the first 500 opens may still lift the C heap to a plateau; the second 500 show what each open keeps.
        // Measured -12 to +14 KB per open from run to run (+4.6 to +15.4 MB over the 1,000), cause not found: a
        // small leak or fragmentation by the tensors' direct buffers (freed only at a collection; edgecv-onnx pools
        // its own for that reason). The bound catches a leaked interpreter or model (hundreds of KB per open).
        double steadyKbPerOpen = (r.get(1).rssAfterBytes() - r.get(1).rssBeforeBytes()) / 1e3 / 500;
        assertThat(steadyKbPerOpen).as(r.toString()).isLessThan(40);
    }
}
