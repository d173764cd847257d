package io.edgecv.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The runner's exit code: JMH itself returns normally when every benchmark throws, so a script or CI job could
 * not tell a run that measured nothing from one that worked. Runs in this JVM ({@code -f 0}) with tiny iterations.
 */
class BenchMainExitCodeTest {
    private static final String[] SHORT = {"-f", "0", "-wi", "0", "-i", "1", "-r", "100ms"};

    private static String[] args(String... extra) {
        String[] all = new String[SHORT.length + extra.length];
        System.arraycopy(extra, 0, all, 0, extra.length);
        System.arraycopy(SHORT, 0, all, extra.length, SHORT.length);
        return all;
    }

    @Test
    void everyBenchmarkFailingExitsNonZero() throws Exception {
        // an unknown layout makes the benchmark's @Setup throw: JMH reports the failure and returns no result
        assertThat(BenchMain.run(args("YoloDecodeBenchmark.decode", "-p", "layout=no_such_layout"))).isEqualTo(1);
    }

    @Test
    void aBenchmarkThatRunsExitsZero() throws Exception {
        assertThat(BenchMain.run(args("YoloDecodeBenchmark.decode", "-p", "layout=end2end"))).isZero();
    }

    @Test
    void aPatternMatchingNothingExitsNonZero() throws Exception {
        assertThat(BenchMain.run(args("NoSuchBenchmarkAnywhere"))).isEqualTo(1);
    }
}
