package io.edgecv.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.spi.BackendOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorRtOptionsTest {
    private static TensorRtOptions parse(Map<String, String> props) {
        return TensorRtOptions.parse(BackendOptions.of(0, props), Map.of(), "/home/u");
    }

    @Test
    void defaultsWhenNothingIsSet() {
        TensorRtOptions o = parse(Map.of("onnx.providers", "CUDA"));
        assertThat(o.device()).isZero();
        assertThat(o.precision()).isEqualTo(Precision.AUTO);
        assertThat(o.workspaceBytes()).isZero();
        assertThat(o.dlaCore()).isEqualTo(TensorRtOptions.NO_DLA);
        assertThat(o.gpuFallback()).isTrue();
        assertThat(o.shapes().isEmpty()).isTrue();
        assertThat(o.optimizationLevel()).isEqualTo(3);
        assertThat(o.cacheEnabled()).isTrue();
        assertThat(o.cacheDir()).isEqualTo(Path.of("/home/u/.cache/edgecv/tensorrt"));
        assertThat(o.calibrationImages()).isEmpty();
    }

    @Test
    void cacheDirFollowsXdgThenProperty() {
        assertThat(TensorRtOptions.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/var/cache/me"), "/home/u"))
                .isEqualTo(Path.of("/var/cache/me/edgecv/tensorrt"));
        assertThat(TensorRtOptions.defaultCacheDir(Map.of("XDG_CACHE_HOME", "relative"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.cache/edgecv/tensorrt"));
        assertThat(parse(Map.of("tensorrt.cache_dir", "/data/engines")).cacheDir())
                .isEqualTo(Path.of("/data/engines"));
    }

    @Test
    void parsesEveryKey() {
        Map<String, String> p = new HashMap<>();
        p.put("tensorrt.device", "1");
        p.put("tensorrt.precision", "FP16");
        p.put("tensorrt.workspace", "512MiB");
        p.put("tensorrt.dla_core", "0");
        p.put("tensorrt.gpu_fallback", "false");
        p.put("tensorrt.shapes", "images:1x3x640x640");
        p.put("tensorrt.optimization_level", "5");
        p.put("tensorrt.cache", "false");
        TensorRtOptions o = parse(p);
        assertThat(o.device()).isEqualTo(1);
        assertThat(o.precision()).isEqualTo(Precision.FP16);
        assertThat(o.workspaceBytes()).isEqualTo(512L << 20);
        assertThat(o.dlaCore()).isZero();
        assertThat(o.gpuFallback()).isFalse();
        assertThat(o.shapes().get("images")[1]).containsExactly(1, 3, 640, 640);
        assertThat(o.optimizationLevel()).isEqualTo(5);
        assertThat(o.cacheEnabled()).isFalse();
    }

    @Test
    void byteSizes() {
        assertThat(TensorRtOptions.parseBytes("1073741824")).isEqualTo(1L << 30);
        assertThat(TensorRtOptions.parseBytes("1GiB")).isEqualTo(1L << 30);
        assertThat(TensorRtOptions.parseBytes("2g")).isEqualTo(2L << 30);
        assertThat(TensorRtOptions.parseBytes(" 256 MB ")).isEqualTo(256L << 20);
        assertThat(TensorRtOptions.parseBytes("64k")).isEqualTo(64L << 10);
        assertThatThrownBy(() -> TensorRtOptions.parseBytes("1.5G")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensorrt.workspace=1.5G");
        assertThatThrownBy(() -> TensorRtOptions.parseBytes("12parsecs"))
                .hasMessageContaining("unknown unit 'parsecs'");
        assertThatThrownBy(() -> TensorRtOptions.parseBytes("0")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> TensorRtOptions.parseBytes("99999999999T")).hasMessageContaining("too large");
    }

    @Test
    void badValuesNameKeyAndValue() {
        assertThatThrownBy(() -> parse(Map.of("tensorrt.precision", "int4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensorrt.precision=int4").hasMessageContaining("auto, fp32, fp16, int8");
        assertThatThrownBy(() -> parse(Map.of("tensorrt.device", "gpu0")))
                .hasMessageContaining("tensorrt.device=gpu0");
        assertThatThrownBy(() -> parse(Map.of("tensorrt.optimization_level", "9")))
                .hasMessageContaining("out of range 0..5");
        assertThatThrownBy(() -> parse(Map.of("tensorrt.gpu_fallback", "yes")))
                .hasMessageContaining("tensorrt.gpu_fallback=yes is not true or false");
        assertThatThrownBy(() -> parse(Map.of("tensorrt.dla_core", "-2")))
                .hasMessageContaining("tensorrt.dla_core=-2");
        assertThat(parse(Map.of("tensorrt.dla_core", "-1")).dlaCore()).isEqualTo(TensorRtOptions.NO_DLA);
    }

    @Test
    void unknownTensorRtKeyIsATypo() {
        assertThatThrownBy(() -> parse(Map.of("tensorrt.worksapce", "1G")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown TensorRT property tensorrt.worksapce")
                .hasMessageContaining("tensorrt.workspace");
    }

    @Test
    void calibrationImagesFromFoldersAndFiles(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("photos"));
        Files.write(sub.resolve("b.jpg"), new byte[] {1});
        Files.write(sub.resolve("a.PNG"), new byte[] {1});
        Files.write(sub.resolve("notes.txt"), new byte[] {1});
        Path single = Files.write(dir.resolve("c.bmp"), new byte[] {1});
        TensorRtOptions o = parse(Map.of("tensorrt.precision", "int8", "tensorrt.calibration_images",
                sub + "," + single));
        assertThat(o.calibrationImages()).containsExactly(sub.resolve("a.PNG"), sub.resolve("b.jpg"), single);
        assertThatThrownBy(() -> parse(Map.of("tensorrt.precision", "int8", "tensorrt.calibration_images",
                dir.resolve("missing").toString()))).hasMessageContaining("neither an image file nor a folder");
        assertThatThrownBy(() -> parse(Map.of("tensorrt.calibration_images", sub.toString())))
                .hasMessageContaining("only used with tensorrt.precision=int8");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> parse(Map.of("tensorrt.precision", "int8", "tensorrt.calibration_images",
                empty.toString()))).hasMessageContaining("holds no .jpg");
    }
}
