package io.edgecv.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.Detection;
import io.edgecv.testing.Fixtures;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark's setup, one operation and teardown, called directly (no JMH fork, no timing) on the ONNX
 * backend, checking the work measured is the real work: the detections are the known ones of the photo.
 */
class BenchmarkSetupTest {
    @BeforeEach
    void fixtures() {
        // the benchmarks run on these files: resolve them first, so a missing one skips (naming it) not fails
        Fixtures.model(Fixtures.SSD_ONNX);
        Fixtures.model(Fixtures.FACE_FRONT_ONNX);
        Fixtures.image("dog.jpg");
        Fixtures.image("grace_hopper.jpg");
    }

    @Test
    void endToEndFindsTheDogBicycleAndCar() throws Exception {
        DetectorBenchmark b = new DetectorBenchmark();
        b.backend = "onnx";
        b.model = "ssd_mobilenetv2";
        b.threads = 1;
        b.open();
        try {
            List<String> labels = b.detect().stream().map(Detection::label).collect(Collectors.toList());
            assertThat(labels).contains("Dog", "Bicycle", "Car");
        } finally {
            b.close();
        }
    }

    @Test
    void inferenceOnlyRunsTheSession() throws Exception {
        InferenceBenchmark b = new InferenceBenchmark();
        b.backend = "onnx";
        b.model = "blazeface";
        b.threads = 1;
        b.open();
        try {
            b.run();
            // the photo has a face: some anchor's score logit is positive (sigmoid above 0.5); outputs are whole
            float best = Float.NEGATIVE_INFINITY;
            for (int o = 0; o < b.session().outputCount(); o++) {
                long[] shape = b.session().outputShape(o);
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                var out = b.session().output(o);
                assertThat((long) out.limit()).isEqualTo(n);
                if (shape[shape.length - 1] == 1) {
                    for (int i = 0; i < out.limit(); i++) {
                        best = Math.max(best, out.get(i));
                    }
                }
            }
            assertThat(best).as("best score logit").isGreaterThan(0f);
        } finally {
            b.close();
        }
    }

    @Test
    void preprocessingMapsBackToThePhoto() throws Exception {
        PreprocessBenchmark b = new PreprocessBenchmark();
        b.backend = "onnx";
        b.model = "ssd_mobilenetv2";
        b.open();
        try {
            var t = b.apply();
            assertThat(t.sourceWidth()).isEqualTo(768);
            assertThat(t.sourceHeight()).isEqualTo(576);
        } finally {
            b.close();
        }
    }

    @Test
    void decodeAndNmsKeepTheThreeObjectsAndOneFace() throws Exception {
        DecodeNmsBenchmark ssd = new DecodeNmsBenchmark();
        ssd.backend = "onnx";
        ssd.model = "ssd_mobilenetv2";
        ssd.open();
        try {
            assertThat(ssd.decodeAndSuppress()).isEqualTo(3);
            assertThat(ssd.decodeAndSuppress()).isEqualTo(3);
        } finally {
            ssd.close();
        }
        DecodeNmsBenchmark face = new DecodeNmsBenchmark();
        face.backend = "onnx";
        face.model = "blazeface";
        face.open();
        try {
            assertThat(face.decodeAndSuppress()).isEqualTo(1);
        } finally {
            face.close();
        }
    }

    @Test
    void scalingResizesTheDynamicInput() throws Exception {
        ScalingBenchmark b = new ScalingBenchmark();
        b.backend = "onnx";
        b.model = "ppocr_det";
        b.size = 320;
        b.threads = 1;
        b.open();
        try {
            b.run();
            // the dynamic input took 320x320, so the probability map is 320x320, every value a probability
            assertThat(b.session().outputShape(0)).containsExactly(1, 1, 320, 320);
            var map = b.session().output(0);
            assertThat(map.limit()).isEqualTo(320 * 320);
            for (int i = 0; i < map.limit(); i++) {
                assertThat(map.get(i)).isBetween(0f, 1f);
            }
        } finally {
            b.close();
        }
    }

    @Test
    void peersRunTheSameModel() throws Exception {
        PeerBenchmark b = new PeerBenchmark();
        b.threads = 1;
        b.open();
        try {
            assertThat(b.edgecvDetect()).extracting(Detection::label).contains("Dog", "Bicycle", "Car");
            assertThat(b.onnxRuntimeRun()).isEqualTo(2);
            assertThat(b.onnxRuntimeRunPinnedOutputs()).isEqualTo(2);
        } finally {
            b.close();
        }
    }

    @Test
    void anUnavailableBackendIsRefusedWithItsReason() {
        DetectorBenchmark b = new DetectorBenchmark();
        b.backend = "tensorrt";
        b.model = "ssd_mobilenetv2";
        b.threads = 1;
        assertThatThrownBy(b::open).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("SKIPPED tensorrt x ssd_mobilenetv2: backend 'tensorrt'");
    }
}
