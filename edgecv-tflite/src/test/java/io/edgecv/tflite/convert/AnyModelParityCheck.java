package io.edgecv.tflite.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.ImageInput;
import io.edgecv.onnx.convert.TfLiteToOnnx;
import io.edgecv.spi.Backends;
import io.edgecv.testing.Fixtures;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Converts any TFLite models named in {@code -Dedgecv.convert.models=a.tflite,b.tflite} and checks them against
 * TFLite (XNNPACK off) on two fixture photos, in NHWC and NCHW: raw outputs within 1e-4, or within four times
 * TFLite's own spread (its reference kernels against XNNPACK on the same input) where that is larger, as it is
 * for models with large activations (float32 rounding; a wrong mapping moves outputs by whole units). For trying
 * models the other tests never saw; not run by default (its name does not end in Test), run it by name. Add
 * {@code -Dedgecv.convert.unverified=true} for trusted models EdgeCV's TFLite backend refuses, such as sparse ones:
 * <pre>
 * mvn -B -pl edgecv-tflite -am -Dtest=AnyModelParityCheck -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dedgecv.convert.models=$PWD/palm_detection_lite.tflite verify
 * </pre>
 */
@EnabledIfSystemProperty(named = "edgecv.convert.models", matches = ".+")
class AnyModelParityCheck {
    @TempDir
    static Path dir;

    static Stream<String> models() {
        return Arrays.stream(System.getProperty("edgecv.convert.models").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).flatMap(m -> Stream.of(m + "|nhwc", m + "|nchw"));
    }

    @ParameterizedTest
    @MethodSource("models")
    void matchesTfLite(String spec) throws Exception {
        assumeTrue(Backends.availability(RawParity.TFLITE).isAvailable());
        assumeTrue(Backends.availability(RawParity.ONNX).isAvailable());
        String[] parts = spec.split("\\|");
        Path model = Path.of(parts[0]);
        boolean nchw = parts[1].equals("nchw");
        Path onnx = dir.resolve(model.getFileName() + "." + parts[1] + ".onnx");
        TfLiteToOnnx.builder().optNchw(nchw).build().convertModel(model, onnx);
        for (String image : new String[] {"dog.jpg", "grace_hopper.jpg"}) {
            ImageInput img = ImageInput.read(Fixtures.image(image));
            if (Boolean.getBoolean("edgecv.convert.unverified")) {
                // trusted models EdgeCV's TFLite backend refuses (sparse weights): TFLite's reference kernels
                // straight through JavaCPP, checked within 1e-4 or 2e-6 of each output's largest |value|
                Map<String, RawParity.Diff> diffs = RawParity.compareUnverified(model, onnx, img, nchw);
                System.err.printf("ANY %s %s on %s (unverified TFLite): %s%n", model.getFileName(), parts[1], image,
                        diffs);
                diffs.forEach((name, d) -> assertThat(d.maxAbs()).as("%s differs by %s", name, d)
                        .isLessThanOrEqualTo(Math.max(1e-4f, 2e-6f * d.maxValue())));
                continue;
            }
            Map<String, RawParity.Diff> diffs = RawParity.compare(model, onnx, img, nchw);
            Map<String, RawParity.Diff> own = RawParity.xnnpackSpread(model, img);
            System.err.printf("ANY %s %s on %s: %s%n    TFLite reference vs XNNPACK: %s%n", model.getFileName(),
                    parts[1], image, diffs, own);
            diffs.forEach((name, d) -> assertThat(d.maxAbs()).as("%s differs by %s", name, d)
                    .isLessThanOrEqualTo(Math.max(1e-4f, 4 * own.get(name).maxAbs())));
        }
    }
}
