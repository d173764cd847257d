package io.edgecv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FixtureCatalogTest {
    @Test
    void everyFileButTheConvertedSsdHasAHashAndAPackageSpec() {
        for (FixtureFile f : FixtureCatalog.all()) {
            assertThat(f.source().howToGet()).as(f.path()).isNotBlank();
            if (!f.path().equals(FixtureCatalog.SSD_ONNX)) {
                assertThat(f.sha256()).as(f.path()).hasSize(64);
            } else {
                assertThat(f.source()).isInstanceOf(FixtureSource.Converted.class);
            }
        }
        assertThat(FixtureCatalog.sameDownload(FixtureCatalog.find("images/messi5.jpg").orElseThrow().source()))
                .extracting(FixtureFile::path).containsExactly("images/messi5.jpg", "video/vtest.avi");
    }

    /** Where this machine has the shared fixtures, their SHA256SUMS is an independent reference for the catalog. */
    @Test
    void agreesWithTheSharedSha256SumsWhereThereAreAny() throws IOException {
        Path sums = FixtureResolver.get().sharedRoot().map(r -> r.resolve("SHA256SUMS")).orElse(null);
        if (sums == null || !Files.isRegularFile(sums)) {
            return; // a bare clone: the builds themselves check every file against the catalog
        }
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
}
