package io.edgecv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkipReportTest {
    @TempDir
    Path tmp;

    @Test
    void groupsEverySkippedTestByKindThenReason() throws Exception {
        Files.write(tmp.resolve("edgecv-ncnn-1.tsv"), List.of(
                "edgecv-ncnn\tNcnnTest#a\tlibncnn not available, NCNN tests skipped: no libncnn.so",
                "edgecv-ncnn\tNcnnTest#b\tlibncnn not available, NCNN tests skipped: no libncnn.so"));
        Files.write(tmp.resolve("edgecv-onnx-2.tsv"), List.of(
                "edgecv-onnx\tSsdTest#c\tfixture models/x.onnx unavailable: offline (EDGECV_OFFLINE=1)",
                "edgecv-onnx\tGpuTest#d\tneeds an NVIDIA GPU with its driver, CUDA 13"));
        Files.writeString(tmp.resolve("ignored.txt"), "not a record");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int n = SkipReport.print(tmp, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(n).isEqualTo(4);
        assertThat(out).contains("Skipped tests: 4").contains("no libncnn (2):")
                .contains("offline (EDGECV_OFFLINE) (1):").contains("no GPU (NVIDIA driver, CUDA, TensorRT) (1):")
                .contains("edgecv-ncnn: NcnnTest#a").contains("edgecv-onnx: SsdTest#c");
        // one line per distinct reason, then its tests
        assertThat(out.split("libncnn not available", -1)).hasSize(2);
    }

    @Test
    void noRecordsSaysNone() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(SkipReport.print(tmp.resolve("absent"), new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Skipped tests: none");
    }

    @Test
    void kinds() {
        assertThat(SkipReport.kind("fixture models/ssd_mobilenetv2_oidv4.onnx unavailable: it has no public source"))
                .startsWith("no public source");
        assertThat(SkipReport.kind("fixture images/dog.jpg unavailable: building it from Debian package darknet "
                + "failed")).isEqualTo("fixture unavailable");
        assertThat(SkipReport.kind("TensorRT can run on this machine; GpuTest covers it")).startsWith("no GPU");
    }
}
