package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryFinderTest {
    /** A glibc loader cache (format glibc-ld.so.cache1.1) holding (soname, path) pairs. */
    static byte[] cacheOf(String... sonamesAndPaths) {
        int n = sonamesAndPaths.length / 2;
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        int stringsAt = 48 + 24 * n;
        ByteBuffer head = ByteBuffer.allocate(stringsAt).order(ByteOrder.LITTLE_ENDIAN);
        head.put("glibc-ld.so.cache1.1".getBytes(StandardCharsets.US_ASCII));
        head.putInt(20, n);
        head.put(28, (byte) 2);
        for (int i = 0; i < n; i++) {
            int key = stringsAt + strings.size();
            strings.writeBytes(sonamesAndPaths[2 * i].getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            int value = stringsAt + strings.size();
            strings.writeBytes(sonamesAndPaths[2 * i + 1].getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            head.putInt(48 + 24 * i, 0x0303).putInt(48 + 24 * i + 4, key).putInt(48 + 24 * i + 8, value);
        }
        head.putInt(24, strings.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.array());
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    @Test
    void searchesLibraryPathThenLoaderCacheThenDefaults(@TempDir Path dir) throws Exception {
        Path env = Files.createDirectories(dir.resolve("env"));
        Path cached = Files.createDirectories(dir.resolve("cached"));
        Path def = Files.createDirectories(dir.resolve("default"));
        Files.write(cached.resolve("libcuda.so.1"), new byte[0]);
        Files.write(def.resolve("libcuda.so.1"), new byte[0]);
        Files.write(def.resolve("libnvinfer.so.11"), new byte[0]);
        byte[] cache = cacheOf("libcuda.so.1", cached.resolve("libcuda.so.1").toString(), "libcuda.so",
                "/nonexistent/libcuda.so");
        NativeLibraryFinder finder = new NativeLibraryFinder(List.of(env), cache, List.of(def));
        assertThat(finder.find("libcuda.so.1")).contains(cached.resolve("libcuda.so.1"));
        assertThat(finder.find("libnvinfer.so.11")).contains(def.resolve("libnvinfer.so.11"));
        assertThat(finder.find("libcudnn_ops.so.9")).isEmpty();
        Files.write(env.resolve("libcuda.so.1"), new byte[0]);
        assertThat(finder.find("libcuda.so.1")).contains(env.resolve("libcuda.so.1"));
    }

    @Test
    void cacheEntriesMatchWholeSonamesAndMayPointAnywhere() {
        byte[] cache = cacheOf("libcuda.so.1.1", "/a/libcuda.so.1.1", "libcuda.so.1", "/b/libcuda.so.1",
                "libfoolibcuda.so.1", "/c/libfoolibcuda.so.1", "libcuda.so.1", "/d/libcuda.so.535.104");
        NativeLibraryFinder finder = new NativeLibraryFinder(List.of(), cache, List.of());
        assertThat(finder.cachedPaths("libcuda.so.1")).containsExactly(Path.of("/b/libcuda.so.1"),
                Path.of("/d/libcuda.so.535.104"));
        assertThat(finder.find("libcuda.so.1")).as("recorded paths that do not exist are skipped").isEmpty();
        assertThat(new NativeLibraryFinder(List.of(), new byte[0], List.of()).cachedPaths("libcuda.so.1")).isEmpty();
        byte[] truncated = java.util.Arrays.copyOf(cache, 60);
        assertThat(new NativeLibraryFinder(List.of(), truncated, List.of()).cachedPaths("libcuda.so.1")).isEmpty();
        byte[] garbage = new byte[4096];
        new java.util.Random(3).nextBytes(garbage);
        assertThat(new NativeLibraryFinder(List.of(), garbage, List.of()).cachedPaths("libcuda.so.1")).isEmpty();
    }

    @Test
    void libraryPathIsSplitLikeTheLoaderDoes() {
        assertThat(NativeLibraryFinder.splitPath("/a::/b: ")).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(NativeLibraryFinder.splitPath(null)).isEmpty();
        assertThat(NativeLibraryFinder.defaultDirs("aarch64")).contains(Path.of("/usr/lib/aarch64-linux-gnu/tegra"),
                Path.of("/usr/local/cuda/targets/sbsa-linux/lib"));
        assertThat(NativeLibraryFinder.defaultDirs("amd64")).contains(Path.of("/usr/lib/x86_64-linux-gnu"),
                Path.of("/usr/lib/wsl/lib"));
    }

    /** Cross-checks the cache reader against ldconfig on this machine's real /etc/ld.so.cache. */
    @Test
    void readsThisMachinesLoaderCacheAsLdconfigDoes() throws Exception {
        Path cacheFile = Path.of("/etc/ld.so.cache");
        assumeTrue(Files.isRegularFile(cacheFile), "no /etc/ld.so.cache on this machine");
        List<String[]> entries = ldconfigEntries();
        assumeTrue(!entries.isEmpty(), "ldconfig -p is not available here");
        NativeLibraryFinder finder = new NativeLibraryFinder(List.of(), Files.readAllBytes(cacheFile), List.of());
        for (String[] e : entries) {
            assertThat(finder.cachedPaths(e[0])).as("%s", e[0]).contains(Path.of(e[1]));
        }
    }

    private static List<String[]> ldconfigEntries() throws InterruptedException {
        List<String[]> out = new ArrayList<>();
        for (String ldconfig : new String[] {"/sbin/ldconfig", "/usr/sbin/ldconfig"}) {
            if (!Files.isExecutable(Path.of(ldconfig))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                Matcher m = Pattern.compile("^\\s*(\\S+) \\(([^)]*)\\) => (/\\S+)$", Pattern.MULTILINE).matcher(text);
                while (m.find() && out.size() < 200) {
                    out.add(new String[] {m.group(1), m.group(3)});
                }
                return out;
            } catch (IOException e) {
                return out;
            }
        }
        return out;
    }
}
