package io.edgecv.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One detector shared by several threads gives each the same answer as a lone caller. */
class ConcurrentDetectTest {
    @Test
    void sharedDetectorIsThreadSafe() throws Exception {
        String[] images = {"dog.jpg", "person.jpg", "chelsea.png", "coffee.png"};
        List<ImageInput> inputs = new ArrayList<>();
        for (String name : images) {
            inputs.add(ImageInput.read(Fixtures.image(name)));
        }
        try (Detector d = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX)).optThreads(1).build()) {
            List<List<Detection>> expected = new ArrayList<>();
            for (ImageInput in : inputs) {
                expected.add(d.detect(in));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    final int offset = t;
                    results.add(pool.submit(() -> {
                        for (int k = 0; k < 6; k++) {
                            int i = (k + offset) % inputs.size();
                            if (!d.detect(inputs.get(i)).equals(expected.get(i))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
