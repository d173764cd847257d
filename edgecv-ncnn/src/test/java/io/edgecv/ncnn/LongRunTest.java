package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Native memory is freed deterministically: every net, mat and extractor created is destroyed, and 2000 inferences
 * (each creating and destroying an extractor and an output mat) leave the process's resident memory where the first
 * few hundred put it.
 */
class LongRunTest {
    private static final int RUNS = 2000;

    @Test
    void twoThousandExtractionsLeakNothing() throws Exception {
        NcnnTesting.requireNcnn();
        long before = NativeHandles.live();
        long rssWarm = 0;
        long rssEnd = 0;
        try (BackendSession s = new NcnnBackendProvider().open(ModelSource.of(NcnnTesting.detector()),
                BackendOptions.of(1, Map.of()))) {
            s.setInputShape(0, new long[] {1, 3, 64, 64});
            FloatBuffer in = s.inputBuffer(0).asFloatBuffer();
            for (int i = 0; i < in.capacity(); i++) {
                in.put(i, (i % 97) / 97f - 0.5f);
            }
            float first = 0;
            for (int i = 0; i < RUNS; i++) {
                s.run();
                if (i == 0) {
                    first = s.output(0).get(100);
                }
                assertThat(s.output(0).get(100)).isEqualTo(first);
                if (i == 300) {
                    System.gc();
                    rssWarm = rssKb();
                }
                if (i == RUNS - 1) {
                    System.gc();
                    rssEnd = rssKb();
                }
            }
            assertThat(NativeHandles.live()).as("handles while open: net + input mat").isEqualTo(before + 2);
        }
        assertThat(NativeHandles.live()).as("handles after close").isEqualTo(before);
        Assumptions.assumeTrue(rssWarm > 0, "no /proc/self/status here to read the resident set size from");
        System.err.printf("LEAK: RSS after 300 runs %d kB, after %d runs %d kB (growth %d kB)%n", rssWarm,
                RUNS, rssEnd, rssEnd - rssWarm);
        assertThat(rssEnd - rssWarm).as("resident memory growth over %d runs, kB", RUNS - 300).isLessThan(16_384);
    }

    @Test
    void openingAndClosingRepeatedlyLeavesNoHandle() throws Exception {
        NcnnTesting.requireNcnn();
        long before = NativeHandles.live();
        for (int i = 0; i < 30; i++) {
            BackendSession s = new NcnnBackendProvider().open(ModelSource.of(NcnnTesting.detector()),
                    BackendOptions.of(1, Map.of()));
            s.setInputShape(0, new long[] {1, 3, 32, 32 + 32 * (i % 3)});
            s.run();
            s.close();
            s.close();
        }
        assertThat(NativeHandles.live()).isEqualTo(before);
    }

    private static long rssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
