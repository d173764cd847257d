package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** ONNX's own checker ({@code onnx.checker.check_model(full_check=True)}, Debian python3-onnx); skips without it. */
final class OnnxChecker {
    private static final String PYTHON = "/usr/bin/python3";

    private OnnxChecker() {
    }

    static void check(Path model) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON
                + ": install Debian's python3-onnx to run ONNX's own checker");
        Process probe = new ProcessBuilder(PYTHON, "-c", "import onnx").redirectErrorStream(true).start();
        Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3 has no onnx package: apt-get install python3-onnx to run ONNX's own checker");
        Process p = new ProcessBuilder(PYTHON, "-c", "import sys, onnx\n"
                + "onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)\n"
                + "print('checker passed')\n", model.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(said).isZero();
        assertThat(said).contains("checker passed");
    }
}
