package io.edgecv.testing;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/**
 * A set-up shared by every test of a class that runs once, called from {@code @BeforeEach} instead of
 * {@code @BeforeAll}. When the set-up is skipped (a missing fixture or runtime), each test reports itself
 * skipped with the reason; from {@code @BeforeAll} JUnit would report the class as skipped and its tests not at
 * all ("Tests run: 0").
 *
 * <pre>{@code
 * private static final SharedSetup SETUP = new SharedSetup();
 *
 * @BeforeEach
 * void open() throws Exception {
 *     SETUP.run(() -> detector = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX)).build());
 * }
 * }</pre>
 *
 * <p>Thread-safety: thread-safe; the set-up runs at most once.
 */
public final class SharedSetup {
    private boolean ran;
    private TestAbortedException skipped;
    private Throwable failed;

    /** The set-up. */
    @FunctionalInterface
    public interface Body {
        /** @throws Exception if it fails */
        void run() throws Exception;
    }

    /**
     * @param body the set-up, run on the first call only
     * @throws Exception the set-up's failure (on the first call; later calls say it failed)
     */
    public synchronized void run(Body body) throws Exception {
        if (!ran) {
            ran = true;
            try {
                body.run();
            } catch (TestAbortedException e) {
                skipped = e;
            } catch (Exception | Error e) {
                failed = e;
                throw e;
            }
        }
        if (skipped != null) {
            Assumptions.abort(skipped.getMessage());
        }
        if (failed != null) {
            throw new IllegalStateException("this class's shared set-up failed: " + failed, failed);
        }
    }
}
