package io.edgecv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FixtureCatalogTest {
    @Test
    void everySharedFileIsCatalogedWithTheSameHash() throws IOException {
        Path sums = FixtureResolver.get().sharedRoot().map(r -> r.resolve("SHA256SUMS")).orElse(null);
        assumeTrue(sums != null && Files.isRegularFile(sums), "no shared fixtures folder with SHA256SUMS here");
        Map<String, String> shared = Files.readAllLines(sums).stream().filter(l -> !l.isBlank())
                .map(l -> l.split("\\s+", 2)).collect(Collectors.toMap(f -> f[1].strip(), f -> f[0]));
        for (Map.Entry<String, String> e : shared.entrySet()) {
            FixtureFile f = FixtureCatalog.find(e.getKey()).orElseThrow(() -> new AssertionError(e.getKey()));
            if (f.source() instanceof FixtureSource.Converted) {
                assertThat(f.sha256()).as("converted files are checked for sanity, not by hash").isNull();
            } else {
                assertThat(f.sha256()).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(FixtureCatalog.all()).hasSize(shared.size());
    }

    @Test
    void everyFileButTheConvertedSsdHasAHashAndAPackageSpec() {
        for (FixtureFile f : FixtureCatalog.all()) {
            assertThat(f.source().howToGet()).as(f.path()).isNotBlank();
            if (!f.path().equals(FixtureCatalog.SSD_ONNX)) {
                assertThat(f.sha256()).as(f.path()).hasSize(64);
            }
        }
    }
}
