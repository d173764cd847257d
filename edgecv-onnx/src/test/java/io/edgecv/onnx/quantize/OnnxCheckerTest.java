package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.onnx.ToolFixtures;
import io.edgecv.quantize.ActivationType;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX's own checker ({@code onnx.checker.check_model(full_check=True)}, which also runs strict shape inference)
 * on every kind of model the quantizer writes. Needs Python with the onnx package (Debian: {@code apt-get install
 * python3-onnx}); skipped, saying so, when it is not there.
 */
class OnnxCheckerTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String CHECK = "import sys, onnx\n"
            + "m = onnx.load(sys.argv[1])\n"
            + "onnx.checker.check_model(m, full_check=True)\n"
            + "print('onnx', onnx.__version__, 'checker passed', sys.argv[1])\n";

    @TempDir
    static Path dir;

    @BeforeEach // not @BeforeAll: each test reports the skip
    void needsPythonOnnx() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON
                + ": install Debian's python3-onnx to run ONNX's own checker");
        Process p = new ProcessBuilder(PYTHON, "-c", "import onnx").redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
                "python3 has no onnx package: apt-get install python3-onnx to run ONNX's own checker");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"STATIC_INT8, UINT8_ASYMMETRIC", "STATIC_INT8, INT8_SYMMETRIC", "DYNAMIC_INT8, UINT8_ASYMMETRIC",
            "FP16, UINT8_ASYMMETRIC"})
    void onnxCheckerAcceptsTheQuantizedModel(QuantizationMode mode, ActivationType activations) throws Exception {
        Path out = dir.resolve(mode + "-" + activations + ".onnx");
        new OnnxQuantizer().quantize(ToolFixtures.ssd(), out, QuantizationConfig.builder().optMode(mode)
                .optActivationType(activations).optCalibrationImages(ToolFixtures.calibration().subList(0, 4))
                .optMinAgreement(0).optThreads(1).build()); // the graph's validity is checked here, not agreement
        Process p = new ProcessBuilder(PYTHON, "-c", CHECK, out.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String said = output(p);
        System.err.println(said);
        assertThat(p.exitValue()).as(said).isZero();
        assertThat(said).contains("checker passed");
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
