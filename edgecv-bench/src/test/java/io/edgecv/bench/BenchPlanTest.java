package io.edgecv.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.ModelFormat;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

class BenchPlanTest {
    private static SortedSet<BenchmarkListEntry> find(List<String> includes, List<String> excludes) {
        return BenchmarkList.defaultList().find(OutputFormatFactory.createFormatInstance(System.out,
                VerboseMode.SILENT), includes, excludes);
    }

    private static Optional<Collection<String>> none(String name) {
        return Optional.empty();
    }

    /** The plan lists a model only when its file can be had: resolve them first (a missing one skips the test). */
    private static void needs(String... models) {
        for (String m : models) {
            Fixtures.model(m);
        }
    }

    @Test
    void runsEachBackendModelClassOncePerAvailableBackendAndSkipsTheRestWithReasons() {
        needs(Fixtures.SSD_ONNX, Fixtures.SSD_TFLITE, Fixtures.FACE_FRONT_ONNX, Fixtures.FACE_SHORT_TFLITE);
        BenchPlan plan = BenchPlan.of(find(List.of(".*"), List.of()), BenchPlanTest::none);

        List<String> titles = plan.jobs().stream().map(BenchPlan.Job::title).collect(Collectors.toList());
        assertThat(titles).contains("DetectorBenchmark on onnx [ssd_mobilenetv2, blazeface]",
                "InferenceBenchmark on onnx [ssd_mobilenetv2, blazeface]",
                "ScalingBenchmark on onnx [ppocr_det]",
                "benchmarks without backend x model parameters");
        assertThat(titles).noneMatch(t -> t.contains(" on tensorrt"));
        // TensorRT never runs on this CPU machine: left out once, with what to do
        assertThat(plan.skipped()).containsKey("tensorrt");
        assertThat(plan.skipped().get("tensorrt")).contains("tensorrt");
        // every skipped entry says why
        assertThat(plan.skipped().values()).allMatch(r -> r.length() > 20);
    }

    @Test
    void eachJobSelectsOnlyItsOwnClass() {
        needs(Fixtures.SSD_ONNX, Fixtures.SSD_TFLITE, Fixtures.FACE_FRONT_ONNX, Fixtures.FACE_SHORT_TFLITE);
        BenchPlan plan = BenchPlan.of(find(List.of(".*"), List.of()), BenchPlanTest::none);
        for (BenchPlan.Job job : plan.jobs()) {
            SortedSet<BenchmarkListEntry> selected = find(List.of(".*"), job.excludes());
            assertThat(selected).isNotEmpty();
            if (job.params().containsKey(BenchPlan.BACKEND)) {
                String cls = job.title().substring(0, job.title().indexOf(' '));
                assertThat(selected).allMatch(e -> e.getUserClassQName().endsWith("." + cls));
            } else {
                assertThat(selected).allMatch(e -> !e.getParams().orElse(Map.of()).containsKey(BenchPlan.BACKEND));
            }
        }
    }

    @Test
    void userParametersNarrowThePlan() {
        needs(Fixtures.FACE_FRONT_ONNX);
        Map<String, Collection<String>> given = Map.of("backend", List.of("onnx"), "model", List.of("blazeface"));
        BenchPlan plan = BenchPlan.of(find(List.of("DetectorBenchmark"), List.of()),
                name -> Optional.ofNullable(given.get(name)));
        assertThat(plan.jobs()).hasSize(1);
        assertThat(plan.jobs().get(0).params()).containsEntry("backend", List.of("onnx"))
                .containsEntry("model", List.of("blazeface"));
        assertThat(plan.skipped()).isEmpty();
    }

    @Test
    void aModelWithoutAFileForTheBackendIsSkippedWithItsFiles() {
        assumeTrue(BenchFixtures.root().isPresent(), BenchFixtures.whereToPut());
        // PP-OCR has no TFLite file; the ONNX backend opens only ONNX, so hand it an NCNN-only target name
        BenchTarget t = BenchTarget.resolve("onnx", "ppocr_det");
        assertThat(t.runnable()).isTrue();
        assertThat(t.file().getFileName().toString()).isEqualTo("ch_PP-OCRv3_det_infer.onnx");
        String key = "edgecv.bench.ppocr_det.onnx";
        System.setProperty(key, "/nonexistent/override.onnx");
        try {
            assertThat(BenchTarget.resolve("onnx", "ppocr_det").file()).isEqualTo(Path.of("/nonexistent/override.onnx"));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void bundledNcnnModelIsExtractedWithItsWeightsBesideIt() {
        Path param = BenchModel.PPOCR_DET.file(ModelFormat.NCNN).orElseThrow();
        assertThat(param.getFileName().toString()).isEqualTo("ch_PP-OCRv3_det_infer.param");
        assertThat(param.resolveSibling("ch_PP-OCRv3_det_infer.bin")).isRegularFile();
        assertThat(Files.isRegularFile(param)).isTrue();
    }
}
