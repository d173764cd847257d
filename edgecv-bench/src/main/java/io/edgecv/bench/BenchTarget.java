package io.edgecv.bench;

import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.Backends;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * One backend running one benchmark model: the provider and the model file it opens, or why that pair cannot run
 * here (backend not on the class path, native runtime missing, no file in a format the backend opens).
 *
 * <p>Thread-safety: immutable.
 */
public final class BenchTarget {
    private final String backend;
    private final BenchModel model;
    private final BackendProvider provider;
    private final Path file;
    private final String skipReason;

    private BenchTarget(String backend, BenchModel model, BackendProvider provider, Path file, String skipReason) {
        this.backend = backend;
        this.model = model;
        this.provider = provider;
        this.file = file;
        this.skipReason = skipReason;
    }

    /**
     * @param backend a backend name such as {@code onnx}
     * @param modelKey a {@link BenchModel} key such as {@code ssd_mobilenetv2}
     * @return the target, runnable or not
     * @throws IllegalArgumentException if the model key is unknown
     */
    public static BenchTarget resolve(String backend, String modelKey) {
        String name = backend.trim().toLowerCase(Locale.ROOT);
        BenchModel model = BenchModel.byKey(modelKey);
        BackendProvider provider = null;
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equals(name)) {
                provider = p;
                break;
            }
        }
        if (provider == null) {
            return skipped(name, model, null, "backend '" + name + "' is not on the benchmark's class path"
                    + " (its module io.edgecv:edgecv-" + name + " was not built into benchmarks.jar). "
                    + Backends.describe(Backends.providers()));
        }
        Availability a = Backends.availability(provider);
        if (!a.isAvailable()) {
            return skipped(name, model, provider, "backend '" + name + "' cannot run here: " + a.reason());
        }
        Optional<Path> file = model.fileFor(name, provider.formats());
        if (file.isEmpty()) {
            return skipped(name, model, provider, "model '" + model.key() + "' has no file in a format backend '"
                    + name + "' opens " + provider.formats() + " (files: " + model.describeFiles() + "; "
                    + BenchFixtures.whereToPut() + "); give one with -Dedgecv.bench." + model.key() + "." + name
                    + "=FILE");
        }
        return new BenchTarget(name, model, provider, file.get(), null);
    }

    private static BenchTarget skipped(String backend, BenchModel model, BackendProvider p, String reason) {
        return new BenchTarget(backend, model, p, null, reason);
    }

    /** @return whether this pair can run here */
    public boolean runnable() {
        return skipReason == null;
    }

    /**
     * @return what a skip concerns: the backend name alone when the backend cannot run at all here, else
     *         {@code backend x model}
     */
    public String skipScope() {
        boolean backendLevel = provider == null || !Backends.availability(provider).isAvailable();
        return backendLevel ? backend : backend + " x " + model.key();
    }

    /** @return why this pair cannot run here; empty if it can */
    public Optional<String> skipReason() {
        return Optional.ofNullable(skipReason);
    }

    /**
     * @return the target, if runnable
     * @throws IllegalStateException with the skip reason otherwise: in a JMH {@code @Setup}, this ends the
     *                               benchmark for these parameters and JMH goes on with the next ones
     */
    public BenchTarget requireRunnable() {
        if (skipReason != null) {
            String msg = "SKIPPED " + backend + " x " + model.key() + ": " + skipReason;
            System.err.println(msg);
            throw new IllegalStateException(msg);
        }
        return this;
    }

    /** @return backend name */
    public String backend() {
        return backend;
    }

    /** @return the model */
    public BenchModel model() {
        return model;
    }

    /** @return the provider; {@code null} if the backend is not on the class path */
    public BackendProvider provider() {
        return provider;
    }

    /** @return the model file; {@code null} if not runnable */
    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return backend + " x " + model.key() + (runnable() ? " (" + file.getFileName() + ")" : " (skipped)");
    }
}
