package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.spi.BackendOptions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineCacheKeyTest {
    static final DeviceInfo ORIN = new DeviceInfo(0, "Orin", 8, 7, 64L << 30, true, "11.2.1.2", 13000, 13030);
    static final String SHA = "ab".repeat(32);

    static TensorRtOptions options(Map<String, String> props) {
        return TensorRtOptions.parse(BackendOptions.of(0, props), Map.of(), "/home/u");
    }

    static EngineCacheKey key(Map<String, String> props, DeviceInfo device) {
        return EngineCacheKey.of(SHA, options(props), device, "none");
    }

    @Test
    void holdsEverythingTheEngineDependsOn() {
        EngineCacheKey k = key(Map.of("tensorrt.shapes", "x:1x3x320x320", "tensorrt.workspace", "1G"), ORIN);
        assertThat(k.fields()).containsEntry("model.sha256", SHA).containsEntry("precision", "auto")
                .containsEntry("gpu.name", "Orin").containsEntry("gpu.compute_capability", "8.7")
                .containsEntry("tensorrt.version", "11.2.1.2").containsEntry("shapes", "x=1x3x320x320/1x3x320x320"
                        + "/1x3x320x320;").containsEntry("workspace", String.valueOf(1L << 30))
                .containsEntry("dla.core", "-1").containsEntry("dla.gpu_fallback", "n/a")
                .containsEntry("optimization_level", "3").containsEntry("calibration", "none")
                .containsEntry("schema", EngineCacheKey.SCHEMA);
    }

    @Test
    void idIsStableAndChangesWithEveryField() {
        Map<String, String> base = Map.of();
        String id = key(base, ORIN).id();
        assertThat(key(base, ORIN).id()).isEqualTo(id).hasSize(64);
        DeviceInfo rtx = new DeviceInfo(0, "NVIDIA GeForce RTX 4090", 8, 9, 24L << 30, false, "11.2.1.2", 13000,
                13030);
        DeviceInfo newerTrt = new DeviceInfo(0, "Orin", 8, 7, 64L << 30, true, "11.4.1.0", 13000, 13030);
        DeviceInfo otherCc = new DeviceInfo(0, "Orin", 8, 9, 64L << 30, true, "11.2.1.2", 13000, 13030);
        assertThat(key(base, rtx).id()).isNotEqualTo(id);
        assertThat(key(base, newerTrt).id()).isNotEqualTo(id);
        assertThat(key(base, otherCc).id()).isNotEqualTo(id);
        for (Map<String, String> change : new Map[] {Map.of("tensorrt.precision", "fp16"),
            Map.of("tensorrt.workspace", "2G"), Map.of("tensorrt.dla_core", "1"),
            Map.of("tensorrt.optimization_level", "4"), Map.of("tensorrt.shapes", "x:1x3")}) {
            assertThat(key(change, ORIN).id()).as("%s", change).isNotEqualTo(id);
        }
        assertThat(EngineCacheKey.of("cd".repeat(32), options(base), ORIN, "none").id()).isNotEqualTo(id);
        assertThat(EngineCacheKey.of(SHA, options(Map.of("tensorrt.precision", "int8")), ORIN, "1234").id())
                .isNotEqualTo(EngineCacheKey.of(SHA, options(Map.of("tensorrt.precision", "int8")), ORIN, "5678")
                        .id());
    }

    @Test
    void cacheOptionsDoNotChangeTheKey() {
        Map<String, String> other = new HashMap<>();
        other.put("tensorrt.cache_dir", "/elsewhere");
        other.put("tensorrt.cache", "false");
        assertThat(key(other, ORIN)).isEqualTo(key(Map.of(), ORIN));
    }

    @Test
    void fileIdIgnoresOnlyTheTensorRtVersionSoUpgradesReplaceInPlace() {
        DeviceInfo newerTrt = new DeviceInfo(0, "Orin", 8, 7, 64L << 30, true, "11.4.1.0", 13000, 13030);
        DeviceInfo rtx = new DeviceInfo(0, "RTX", 8, 9, 24L << 30, false, "11.2.1.2", 13000, 13030);
        assertThat(key(Map.of(), newerTrt).fileId()).isEqualTo(key(Map.of(), ORIN).fileId());
        assertThat(key(Map.of(), rtx).fileId()).isNotEqualTo(key(Map.of(), ORIN).fileId());
        assertThat(key(Map.of("tensorrt.precision", "fp16"), ORIN).fileId())
                .isNotEqualTo(key(Map.of(), ORIN).fileId());
    }

    @Test
    void differencesNameFieldAndBothValues() {
        EngineCacheKey here = key(Map.of(), ORIN);
        Map<String, String> stored = new HashMap<>(here.fields());
        assertThat(here.differences(stored)).isEmpty();
        stored.put("tensorrt.version", "11.0.0.5");
        stored.put("gpu.name", "Xavier");
        stored.put("engine.sha256", "whatever");
        assertThat(here.differences(stored)).containsExactlyInAnyOrder(
                "tensorrt.version: cached '11.0.0.5', here '11.2.1.2'", "gpu.name: cached 'Xavier', here 'Orin'");
        assertThat(here.differences(stored, EngineCacheKey.DEVICE_FIELDS)).hasSize(2);
        stored.remove("shapes");
        assertThat(here.differences(stored)).contains("shapes: cached 'null', here 'none'");
        assertThat(EngineCacheKey.fromFields(here.fields())).isEqualTo(here);
    }
}
