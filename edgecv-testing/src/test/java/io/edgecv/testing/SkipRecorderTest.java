package io.edgecv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class SkipRecorderTest {
    /** Run by a launcher of its own below, not by the build. */
    static class Sample {
        private static final SharedSetup SETUP = new SharedSetup();

        @BeforeEach
        void setUp() throws Exception {
            SETUP.run(() -> Assumptions.assumeTrue(false, "fixture images/none.jpg unavailable: offline"));
        }

        @Test
        void first() {
        }

        @Test
        void second() {
        }
    }

    static class Other {
        @Test
        void runs() {
        }

        @Test
        void skips() {
            Assumptions.abort("libncnn not available");
        }

        @Disabled("switched off")
        @Test
        void disabled() {
        }
    }

    @Test
    void recordsEverySkippedTestWithItsReasonAndSharedSetupSkipsEachTest(@TempDir Path tmp) throws Exception {
        List<String> keys = List.of("edgecv.skips.dir", "edgecv.skips.module");
        List<String> saved = new ArrayList<>();
        keys.forEach(k -> saved.add(System.getProperty(k)));
        System.setProperty("edgecv.skips.dir", tmp.toString());
        System.setProperty("edgecv.skips.module", "sample-module");
        try {
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false).addTestExecutionListeners(new SkipRecorder())
                    .build());
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(Sample.class), selectClass(Other.class)).build());
        } finally {
            for (int i = 0; i < keys.size(); i++) {
                if (saved.get(i) == null) {
                    System.clearProperty(keys.get(i));
                } else {
                    System.setProperty(keys.get(i), saved.get(i));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(tmp)) {
            for (Path f : files.toList()) {
                assertThat(f.getFileName().toString()).startsWith("sample-module-").endsWith(".tsv");
                lines.addAll(Files.readAllLines(f));
            }
        }
        assertThat(lines).containsExactlyInAnyOrder(
                "sample-module\tSkipRecorderTest$Sample#first\tfixture images/none.jpg unavailable: offline",
                "sample-module\tSkipRecorderTest$Sample#second\tfixture images/none.jpg unavailable: offline",
                "sample-module\tSkipRecorderTest$Other#skips\tlibncnn not available",
                "sample-module\tSkipRecorderTest$Other#disabled\tswitched off");
    }
}
