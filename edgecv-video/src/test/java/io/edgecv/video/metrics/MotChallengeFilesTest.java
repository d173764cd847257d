package io.edgecv.video.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * py-motmetrics' {@code test_motchallenge_files}: its {@code motmetrics/data/TUD-Campus/} and
 * {@code TUD-Stadtmitte/} {@code gt.txt} and {@code test.txt} (not in this repository, and shipped by no Maven, npm
 * or Debian package), read from the folders of those names under {@code -Dedgecv.mot.fixtures=DIR},
 * {@code $EDGECV_MOT_FIXTURES}, or {@code mot/} of the shared fixtures ({@code $EDGECV_FIXTURES}). Expected values from that test, atol 1e-3 there;
 * compared here at 1e-6.
 */
class MotChallengeFilesTest {
    private static final Logger LOG = LoggerFactory.getLogger(MotChallengeFilesTest.class);

    // idf1, idp, idr, recall, precision, num_unique_objects, mostly_tracked, partially_tracked, mostly_lost,
    // num_false_positives, num_misses, num_switches, num_fragmentations, mota, motp
    private static final double[] CAMPUS = {0.557659, 0.729730, 0.451253, 0.582173, 0.941441, 8, 1, 6, 1, 13, 150, 7,
        7, 0.526462, 0.277201};
    private static final double[] STADTMITTE = {0.644619, 0.819760, 0.531142, 0.608997, 0.939920, 10, 5, 4, 1, 45,
        452, 7, 6, 0.564014, 0.345904};
    private static final double[] OVERALL = {0.624296, 0.799176, 0.512211, 0.602640, 0.940268, 18, 6, 10, 2, 58, 602,
        14, 13, 0.555116, 0.330177};

    @Test
    void tudCampusReproducesPyMotmetricsPublishedValues() throws IOException {
        Path dir = locate("TUD-Campus");
        MotMetrics m = MotEvaluation.evaluate(dir.resolve("gt.txt"), dir.resolve("test.txt"));
        LOG.info("TUD-Campus: {}", m);
        assertRow(m, CAMPUS);
    }

    @Test
    void tudStadtmitteAndOverallReproducePyMotmetricsPublishedValues() throws IOException {
        Path campus = locate("TUD-Campus");
        Path stadtmitte = locate("TUD-Stadtmitte");
        MotMetrics c = MotEvaluation.evaluate(campus.resolve("gt.txt"), campus.resolve("test.txt"));
        MotMetrics s = MotEvaluation.evaluate(stadtmitte.resolve("gt.txt"), stadtmitte.resolve("test.txt"));
        LOG.info("TUD-Stadtmitte: {}", s);
        assertRow(s, STADTMITTE);
        MotMetrics all = MotMetrics.overall(List.of(c, s));
        LOG.info("OVERALL: {}", all);
        assertRow(all, OVERALL);
    }

    private static void assertRow(MotMetrics m, double[] e) {
        // published to 6 decimals
        assertThat(m.idf1()).as("IDF1").isCloseTo(e[0], within(1e-6));
        assertThat(m.idp()).as("IDP").isCloseTo(e[1], within(1e-6));
        assertThat(m.idr()).as("IDR").isCloseTo(e[2], within(1e-6));
        assertThat(m.recall()).as("recall").isCloseTo(e[3], within(1e-6));
        assertThat(m.precision()).as("precision").isCloseTo(e[4], within(1e-6));
        assertThat(m.numUniqueObjects()).as("GT").isEqualTo((int) e[5]);
        assertThat(m.mostlyTracked()).as("MT").isEqualTo((int) e[6]);
        assertThat(m.partiallyTracked()).as("PT").isEqualTo((int) e[7]);
        assertThat(m.mostlyLost()).as("ML").isEqualTo((int) e[8]);
        assertThat(m.numFalsePositives()).as("FP").isEqualTo((long) e[9]);
        assertThat(m.numMisses()).as("FN").isEqualTo((long) e[10]);
        assertThat(m.numSwitches()).as("IDs").isEqualTo((long) e[11]);
        assertThat(m.numFragmentations()).as("FM").isEqualTo((long) e[12]);
        assertThat(m.mota()).as("MOTA").isCloseTo(e[13], within(1e-6));
        assertThat(m.motp()).as("MOTP").isCloseTo(e[14], within(1e-6));
    }

    private static Path locate(String sequence) {
        String prop = System.getProperty("edgecv.mot.fixtures");
        String env = System.getenv("EDGECV_MOT_FIXTURES");
        Path dir = null;
        if (prop != null && !prop.isBlank() && !prop.startsWith("${")) {
            dir = Path.of(prop).resolve(sequence);
        } else if (env != null && !env.isBlank()) {
            dir = Path.of(env).resolve(sequence);
        } else if (Fixtures.available()) {
            dir = Fixtures.root().resolve("mot").resolve(sequence);
        }
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("gt.txt"))
                        && Files.isRegularFile(dir.resolve("test.txt")),
                sequence + " not found" + (dir == null ? "" : " at " + dir) + ": put py-motmetrics'"
                        + " motmetrics/data/" + sequence + "/gt.txt and test.txt in <fixtures>/mot/" + sequence
                        + "/ (fixtures: EDGECV_FIXTURES or -Dedgecv.fixtures), or in DIR/" + sequence + "/ with"
                        + " -Dedgecv.mot.fixtures=DIR or EDGECV_MOT_FIXTURES=DIR");
        return dir;
    }
}
