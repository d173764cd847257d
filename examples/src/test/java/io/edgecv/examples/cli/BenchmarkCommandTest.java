package io.edgecv.examples.cli;

import static io.edgecv.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgecv benchmark} as a user runs it, on real models and photos, with few runs. */
class BenchmarkCommandTest {
    @TempDir
    Path dir;

    @Test
    void timesEachModelAndWritesTableCsvJsonAndChart() throws Exception {
        String ssd = Fixtures.model(Fixtures.SSD_ONNX).toString();
        String face = Fixtures.model(Fixtures.FACE_FRONT_ONNX).toString();
        String photos = Fixtures.image("dog.jpg") + "," + Fixtures.image("grace_hopper.jpg");
        String[] r = run("benchmark", "--models", ssd + "," + face, "--images", photos, "--runs", "3",
                "--warmup", "1", "--threads", "1", "--backends", "onnx", "--out", dir.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("mAP@0.5", "p50 ms", "p95 ms", "FPS", "ssd_mobilenetv2_oidv4.onnx",
                "face_detection_front_128x128_barracuda.onnx");

        List<String> csv = Files.readAllLines(dir.resolve("benchmark.csv"));
        assertThat(csv.get(0)).startsWith("model,backend,format,precision,threads,size_mb,map50,");
        assertThat(csv).hasSize(3);
        // the ONNX FP32 model on ONNX Runtime is its own reference: full agreement, every box matched
        assertThat(csv.get(1)).startsWith("ssd_mobilenetv2_oidv4.onnx,onnx,ONNX,FP32,1,19.")
                .contains(",1.0000,", "ssd_mobilenetv2_oidv4.onnx on onnx,3,");
        String[] ssdRow = csv.get(1).split(",");
        assertThat(Integer.parseInt(ssdRow[7])).isEqualTo(Integer.parseInt(ssdRow[8])).isGreaterThanOrEqualTo(3);
        assertThat(Double.parseDouble(ssdRow[11])).isPositive(); // p50 ms
        assertThat(Double.parseDouble(ssdRow[12])).isGreaterThanOrEqualTo(Double.parseDouble(ssdRow[11]));

        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("benchmark.json").toFile());
        assertThat(json.get("machine").asText()).isNotEmpty();
        var first = json.get("results").get(0);
        assertThat(first.get("backend").asText()).isEqualTo("onnx");
        assertThat(first.get("precision").asText()).isEqualTo("FP32");
        assertThat(first.get("map50").asDouble()).isEqualTo(1.0);
        assertThat(first.get("p95_ms").asDouble()).isGreaterThanOrEqualTo(first.get("p50_ms").asDouble())
                .isEqualTo(Double.parseDouble(ssdRow[12]), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(first.get("fps").asDouble()).isPositive();

        BufferedImage png = ImageIO.read(dir.resolve("benchmark.png").toFile());
        assertThat(png.getWidth()).isGreaterThanOrEqualTo(700);
        assertThat(png.getHeight()).isEqualTo(620);
        assertThat(countPixels(png, 0x1f77b4)).as("pixels of the first series' bars").isGreaterThan(500);
    }

    @Test
    void withoutAPowerSourceItSaysSoAndPrintsNoFigure() throws Exception {
        String ssd = Fixtures.model(Fixtures.SSD_ONNX).toString();
        String[] r = run("benchmark", "--models", ssd, "--images", Fixtures.image("dog.jpg").toString(), "--runs",
                "2", "--warmup", "0", "--backends", "onnx", "--power", "auto", "--vcgencmd",
                dir.resolve("no-vcgencmd").toString(), "--out", dir.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        if (r[1].contains("power: RAPL") || r[1].contains("power: INA3221")) {
            return; // this machine has a real source: the next test covers the figures
        }
        assertThat(r[1]).contains("no power source on this machine", "FPS/W are n/a");
        String row = r[1].lines().filter(l -> l.startsWith("ssd_mobilenetv2_oidv4.onnx")).findFirst().orElseThrow();
        assertThat(row).endsWith("n/a     n/a");
        List<String> csv = Files.readAllLines(dir.resolve("benchmark.csv"));
        assertThat(csv.get(0)).endsWith(",fps,watts,fps_per_watt");
        assertThat(csv.get(1)).endsWith(",,");
        assertThat(Files.readString(dir.resolve("benchmark.json"))).contains("\"watts\": null",
                "\"fps_per_watt\": null");
    }

    @Test
    void withThePi5PmicFpsPerWattIsFpsOverItsWatts() throws Exception {
        // a stand-in vcgencmd printing the Pi 5 format: 0.1 A * 3.3 V + 2 A * 0.8 V = 1.93 W
        Path exe = dir.resolve("vcgencmd");
        Files.writeString(exe, "#!/bin/sh\nprintf '       3V3_SYS_A current(1)=0.10000000A\\n"
                + "      VDD_CORE_A current(7)=2.00000000A\\n       3V3_SYS_V volt(9)=3.30000000V\\n"
                + "      VDD_CORE_V volt(15)=0.80000000V\\n         EXT5V_V volt(24)=5.10000000V\\n'\n");
        exe.toFile().setExecutable(true);
        String[] r = run("benchmark", "--models", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--images",
                Fixtures.image("dog.jpg").toString(), "--runs", "3", "--warmup", "0", "--backends", "onnx",
                "--power", "pmic", "--vcgencmd", exe.toString(), "--out", dir.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("power: Pi 5 PMIC rails");
        String[] row = Files.readAllLines(dir.resolve("benchmark.csv")).get(1).split(",");
        double fps = Double.parseDouble(row[15]);
        assertThat(Double.parseDouble(row[16])).isEqualTo(1.93, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(Double.parseDouble(row[17])).isCloseTo(fps / 1.93, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void tfliteTwinIsScoredAgainstTheOnnxReference() throws Exception {
        String onnx = Fixtures.model(Fixtures.SSD_ONNX).toString();
        String tflite = Fixtures.model(Fixtures.SSD_TFLITE).toString();
        String[] r = run("benchmark", "--models", onnx + "," + tflite, "--images",
                Fixtures.image("dog.jpg") + "," + Fixtures.image("person.jpg"), "--runs", "2", "--warmup", "0",
                "--out", dir.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        List<String> csv = Files.readAllLines(dir.resolve("benchmark.csv"));
        boolean tfliteRan = csv.stream().anyMatch(l -> l.contains(",TFLITE,"));
        if (!tfliteRan) {
            // no TFLite backend on this class path: it is reported, not silently dropped
            assertThat(r[2]).contains("skipped object_detection_ssd_mobilenetv2_oidv4_fp16.tflite");
            return;
        }
        String row = csv.stream().filter(l -> l.contains(",TFLITE,")).findFirst().orElseThrow();
        assertThat(row).contains(",FP16,", "ssd_mobilenetv2_oidv4.onnx on onnx");
        assertThat(Double.parseDouble(row.split(",")[6])).as(row).isGreaterThan(0.9);
    }

    @Test
    void badRunCountIsAClearError() {
        String[] r = run("benchmark", "--runs", "0", "--out", dir.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--runs must be at least 1");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[99 - i] = (i + 1) * 1_000_000L; // 100..1 ms, unsorted
        }
        LatencyStats s = LatencyStats.ofNanos(nanos);
        assertThat(s.p50()).isEqualTo(50.0);
        assertThat(s.p95()).isEqualTo(95.0);
        assertThat(s.mean()).isEqualTo(50.5);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.fps()).isCloseTo(1000 / 50.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(nanos[0]).as("input left unsorted").isEqualTo(100_000_000L);
    }

    @Test
    void chartHasOneSeriesPerBackendAndThreadsAndOneCategoryPerModel() {
        LatencyStats fast = LatencyStats.ofNanos(new long[] {2_000_000L, 3_000_000L, 4_000_000L});
        LatencyStats slow = LatencyStats.ofNanos(new long[] {20_000_000L, 30_000_000L, 40_000_000L});
        List<BenchmarkRow> rows = List.of(
                new BenchmarkRow("a.onnx", "onnx", "ONNX", "FP32", 1, 1, 1, 1, 1, "a.onnx on onnx", fast, Double.NaN),
                new BenchmarkRow("a.onnx", "tflite", "TFLITE", "FP32", 1, 1, 1, 1, 1, "a.onnx on onnx", slow, Double.NaN),
                new BenchmarkRow("b.tflite", "tflite", "TFLITE", "FP16", 1, 1, 1, 1, 1, "b.onnx on onnx", slow, Double.NaN));
        var chart = LatencyChart.chart(rows, "test");
        assertThat(chart.getSeriesMap().keySet()).containsExactly("onnx, 1 thread", "tflite, 1 thread");
        var onnx = chart.getSeriesMap().get("onnx, 1 thread");
        assertThat(List.copyOf(onnx.getXData())).isEqualTo(List.of("a (onnx)", "b (tflite)"));
        // b.tflite did not run on onnx: an empty slot
        assertThat(List.copyOf(onnx.getYData())).isEqualTo(List.of(fast.p50(), 0.0));
        assertThat(List.copyOf(chart.getSeriesMap().get("tflite, 1 thread").getYData()))
                .isEqualTo(List.of(slow.p50(), slow.p50()));
    }

    private static int countPixels(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
