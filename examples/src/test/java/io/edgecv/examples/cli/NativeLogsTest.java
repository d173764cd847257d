package io.edgecv.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * TFLite's {@code INFO: Created TensorFlow Lite XNNPACK delegate for CPU.} is written by native code to file
 * descriptor 2, so only a child process shows what reaches the console: {@code edgecv detect} is run as a user
 * runs it, once as shipped and once with the filter off (proving the line is really there to hide).
 */
class NativeLogsTest {
    private static final String XNNPACK_LINE = "INFO: Created TensorFlow Lite XNNPACK delegate";

    private static String[] detect(boolean showNativeLogs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dedgecv.nativeLogs=" + showNativeLogs,
                EdgeCvCli.class.getName(), "detect", "--model", Fixtures.model(Fixtures.SSD_TFLITE).toString(),
                "--image", Fixtures.image("dog.jpg").toString(), "--backend", "tflite", "--threads", "1"));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), new String(out, StandardCharsets.UTF_8),
            new String(err, StandardCharsets.UTF_8)};
    }

    @Test
    void theXnnpackInfoLineDoesNotReachTheConsole() throws Exception {
        String[] shown = detect(true);
        assertThat(shown[0]).as(shown[2]).isEqualTo("0");
        assertThat(shown[2]).as("control: the runtime prints it when not filtered").contains(XNNPACK_LINE);

        String[] quiet = detect(false);
        assertThat(quiet[0]).as(quiet[2]).isEqualTo("0");
        assertThat(quiet[2]).doesNotContain("XNNPACK");
        assertThat(quiet[1].lines().findFirst().orElse("")).startsWith("dog.jpg (768x576) with "
                + Fixtures.SSD_TFLITE + " on tflite: ").contains(" found in ");
        assertThat(quiet[1]).contains("Dog");
    }
}
