package io.edgecv.ncnn;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.BackendUnavailableException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.Backends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading libncnn never throws: each way it can be missing gives a reason that says how to get it. */
class AvailabilityTest {
    @TempDir
    Path dir;

    @Test
    void aMissingPathSaysHowToGetNcnn() {
        NcnnRuntime rt = NcnnRuntime.load(dir.resolve("nope/libncnn.so").toString());
        assertThat(rt.isLoaded()).isFalse();
        assertThat(rt.failure()).contains("does not exist").contains("-DNCNN_SHARED_LIB=ON -DNCNN_C_API=ON")
                .contains("dnf install ncnn-devel").contains("Debian 12 has no ncnn package")
                .contains("edgecv.ncnn.library");
    }

    @Test
    void aFolderWithoutTheLibrarySaysWhatWasLookedFor() {
        NcnnRuntime rt = NcnnRuntime.load(dir.toString());
        assertThat(rt.isLoaded()).isFalse();
        assertThat(rt.failure()).contains("no libncnn in").contains(System.mapLibraryName("ncnn"));
    }

    @Test
    void aFileThatIsNoLibraryIsReportedNotThrown() throws Exception {
        Path fake = Files.writeString(dir.resolve(System.mapLibraryName("ncnn")), "not a shared library");
        NcnnRuntime rt = NcnnRuntime.load(fake.toString());
        assertThat(rt.isLoaded()).isFalse();
        assertThat(rt.failure()).contains("could not be loaded").contains(fake.toString());
    }

    @Test
    void aLibraryWithoutTheCApiIsReported() {
        Optional<Path> libm = Stream.of("/lib/x86_64-linux-gnu/libm.so.6", "/lib/aarch64-linux-gnu/libm.so.6",
                "/usr/lib/libm.so.6", "/lib64/libm.so.6").map(Path::of).filter(Files::isRegularFile).findFirst();
        Assumptions.assumeTrue(libm.isPresent(), "no libm.so.6 at a known place to stand in for a library");
        NcnnRuntime rt = NcnnRuntime.load(libm.get().toString());
        assertThat(rt.isLoaded()).isFalse();
        assertThat(rt.failure()).contains("lacks NCNN's C API").contains("-DNCNN_C_API=ON");
    }

    @Test
    void theProviderReportsWhatTheRuntimeFound() throws Exception {
        BackendProvider p = Backends.providers().stream().filter(b -> b.name().equals("ncnn")).findFirst()
                .orElseThrow();
        assertThat(p.formats()).containsExactly(ModelFormat.NCNN);
        Availability a = Backends.availability(p);
        NcnnRuntime rt = NcnnRuntime.get();
        assertThat(a.isAvailable()).isEqualTo(rt.isLoaded());
        if (rt.isLoaded()) {
            assertThat(rt.version()).matches("[0-9.]+");
            assertThat(Backends.select(ModelFormat.NCNN, null)).isSameAs(p);
        } else {
            assertThat(a.reason()).contains("-DNCNN_C_API=ON");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backends.select(ModelFormat.NCNN, "ncnn"))
                    .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("NCNN_SHARED_LIB");
        }
    }
}
