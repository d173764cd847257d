package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's disk layout and verification. The engine bytes are a stand-in carrying TensorRT's plan tag: no GPU
 * here can build a real engine, and the cache never interprets more of a plan than that tag.
 */
class EngineCacheTest {
    private static final DeviceInfo TRT_11_4 = new DeviceInfo(0, "Orin", 8, 7, 64L << 30, true, "11.4.1.0", 13000,
            13030);

    static ByteBuffer plan(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[4] = 'f';
        b[5] = 't';
        b[6] = 'r';
        b[7] = 't';
        return ByteBuffer.wrap(b);
    }

    static ByteBuffer read(EngineCache cache, EngineCacheKey key, EngineCache.Lookup[] out) {
        EngineCache.Lookup l = cache.lookup(key, "ssd model", size -> ByteBuffer.allocateDirect((int) size));
        out[0] = l;
        return l.engine();
    }

    @Test
    void storedEngineIsFoundVerifiedAndLaidOutForHumans(@TempDir Path dir) throws Exception {
        EngineCache cache = new EngineCache(dir);
        EngineCacheKey key = EngineCacheKeyTest.key(Map.of(), EngineCacheKeyTest.ORIN);
        ByteBuffer plan = plan(10_000, 1);
        Path file = cache.store(key, "ssd model", plan, Map.of("model.name", "ssd model.onnx",
                "meta.names", "{0: 'person'}"));
        assertThat(plan.position()).isZero();
        assertThat(file.getFileName().toString()).matches("ssd_model-[0-9a-f]{16}\\.engine");
        assertThat(Files.size(file)).isEqualTo(10_000);
        assertThat(EngineCache.sidecarOf(file)).exists();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        EngineCache.Lookup[] l = new EngineCache.Lookup[1];
        ByteBuffer got = read(cache, key, l);
        assertThat(l[0].isHit()).isTrue();
        assertThat(l[0].missReason()).isNull();
        assertThat(got).isEqualTo(plan);
        assertThat(l[0].sidecar()).containsEntry("meta.names", "{0: 'person'}")
                .containsEntry("model.name", "ssd model.onnx").containsEntry("gpu.name", "Orin")
                .containsEntry("engine.bytes", "10000").containsKey("engine.sha256").containsKey("created");
        assertThat(EngineFactory.metadataOf(l[0].sidecar())).containsExactly(Map.entry("names", "{0: 'person'}"));
    }

    @Test
    void engineOfAnOlderTensorRtIsStaleAndReplacedInPlace(@TempDir Path dir) throws Exception {
        EngineCache cache = new EngineCache(dir);
        EngineCacheKey old = EngineCacheKeyTest.key(Map.of(), EngineCacheKeyTest.ORIN);
        EngineCacheKey upgraded = EngineCacheKeyTest.key(Map.of(), TRT_11_4);
        Path oldFile = cache.store(old, "ssd model", plan(2000, 2), Map.of());
        EngineCache.Lookup[] l = new EngineCache.Lookup[1];
        assertThat(read(cache, upgraded, l)).isNull();
        assertThat(l[0].missReason()).contains("stale or foreign")
                .contains("tensorrt.version: cached '11.2.1.2', here '11.4.1.0'");
        Path newFile = cache.store(upgraded, "ssd model", plan(3000, 3), Map.of());
        assertThat(newFile).isEqualTo(oldFile);
        assertThat(read(cache, upgraded, l)).isEqualTo(plan(3000, 3));
        assertThat(read(cache, old, l)).isNull();
    }

    @Test
    void engineOfAnotherGpuIsNeverFoundForThisOne(@TempDir Path dir) throws Exception {
        EngineCache cache = new EngineCache(dir);
        DeviceInfo rtx = new DeviceInfo(0, "NVIDIA GeForce RTX 4090", 8, 9, 24L << 30, false, "11.2.1.2", 13000,
                13030);
        cache.store(EngineCacheKeyTest.key(Map.of(), rtx), "ssd model", plan(500, 4), Map.of());
        EngineCache.Lookup[] l = new EngineCache.Lookup[1];
        assertThat(read(cache, EngineCacheKeyTest.key(Map.of(), EngineCacheKeyTest.ORIN), l)).isNull();
        assertThat(l[0].missReason()).startsWith("no cached engine at ");
    }

    @Test
    void sidecarEditedToClaimAnotherGpuIsForeign(@TempDir Path dir) throws Exception {
        EngineCache cache = new EngineCache(dir);
        EngineCacheKey key = EngineCacheKeyTest.key(Map.of(), EngineCacheKeyTest.ORIN);
        Path file = cache.store(key, "ssd model", plan(500, 5), Map.of());
        Path sidecar = EngineCache.sidecarOf(file);
        Properties p = new Properties();
        p.putAll(EngineCache.readSidecar(sidecar));
        p.setProperty("gpu.name", "Xavier");
        try (Writer w = Files.newBufferedWriter(sidecar, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        EngineCache.Lookup[] l = new EngineCache.Lookup[1];
        assertThat(read(cache, key, l)).isNull();
        assertThat(l[0].missReason()).contains("gpu.name: cached 'Xavier', here 'Orin'");
    }

    @Test
    void alteredTruncatedOrUnsidecaredEnginesAreNotHandedToTensorRt(@TempDir Path dir) throws Exception {
        EngineCache cache = new EngineCache(dir);
        EngineCacheKey key = EngineCacheKeyTest.key(Map.of(), EngineCacheKeyTest.ORIN);
        Path file = cache.store(key, "ssd model", plan(4096, 6), Map.of());
        EngineCache.Lookup[] l = new EngineCache.Lookup[1];

        byte[] bytes = Files.readAllBytes(file);
        bytes[100] ^= 1;
        Files.write(file, bytes);
        assertThat(read(cache, key, l)).isNull();
        assertThat(l[0].missReason()).contains("SHA-256").contains("altered or partly written");

        Files.write(file, java.util.Arrays.copyOf(bytes, 1000));
        assertThat(read(cache, key, l)).isNull();
        assertThat(l[0].missReason()).contains("has 1000 bytes, the sidecar says 4096");

        ByteBuffer untagged = plan(64, 7);
        untagged.put(4, (byte) 'x');
        cache.store(key, "ssd model", untagged, Map.of());
        assertThat(read(cache, key, l)).as("the digest vouches for it; TensorRT checks its own header")
                .isEqualTo(untagged);

        Files.delete(EngineCache.sidecarOf(file));
        assertThat(read(cache, key, l)).isNull();
        assertThat(l[0].missReason()).startsWith("no cached engine");

        Files.writeString(EngineCache.sidecarOf(file), "engine.bytes=\\u00zz\n");
        assertThat(read(cache, key, l)).isNull();
        assertThat(l[0].missReason()).contains("unreadable sidecar");
    }

    @Test
    void buildLockSerialisesBuildersOfOneEntry(@TempDir Path dir) throws Exception {
        EngineCache cache = new EngineCache(dir);
        EngineCacheKey key = EngineCacheKeyTest.key(Map.of(), EngineCacheKeyTest.ORIN);
        AtomicLong secondGotItAt = new AtomicLong();
        CountDownLatch firstHolds = new CountDownLatch(1);
        long released;
        Thread second;
        try (EngineCache.BuildLock lock = cache.lock(key, "m")) {
            second = new Thread(() -> {
                firstHolds.countDown();
                try (EngineCache.BuildLock l2 = cache.lock(key, "m")) {
                    secondGotItAt.set(System.nanoTime());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            second.start();
            assertThat(firstHolds.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            assertThat(secondGotItAt.get()).isZero();
            released = System.nanoTime();
        }
        second.join(10_000);
        assertThat(secondGotItAt.get()).isGreaterThanOrEqualTo(released);
        try (EngineCache.BuildLock again = cache.lock(key, "m")) {
            again.close();
        }
    }
}
