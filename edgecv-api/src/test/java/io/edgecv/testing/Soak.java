package io.edgecv.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Resident-memory measurements for soak and leak checks: the process's resident set size from
 * {@code /proc/self/status} (Linux), read after garbage collections. Run them in a JVM whose heap is fixed and
 * touched up front ({@link #forked}: {@code -Xms=-Xmx}, {@code -XX:+AlwaysPreTouch}): the JVM otherwise grows its
 * heap in large steps (140 MB was seen between two stretches of the same work), which is not a leak; with the heap
 * fixed, what grows is native memory (a runtime's sessions, tensors, interpreters), where a leak shows.
 *
 * <p>Resident memory alone still moves by megabytes between readings with nothing leaked: the JVM's own C heap (the
 * JIT's arenas, the collector's work lists) grows and shrinks by 10-15 MB, and glibc keeps freed memory. So every
 * reading first collects garbage and trims the C heap ({@code System.trim_native_heap}, JDK 17.0.9 and later), and
 * where the child runs with Native Memory Tracking ({@link #forked} does) it also reports the resident memory the
 * JVM does not account for ({@link Result#nativeGrowthBytes}): what the runtimes under test hold, to a megabyte.
 */
public final class Soak {
    private static final Path STATUS = Path.of("/proc/self/status");

    /**
     * One measured stretch: resident growth, the growth of resident memory outside the JVM's own, and per-call
     * latency percentiles.
     *
     * @param nativeBeforeBytes resident memory the JVM's Native Memory Tracking does not account for (resident set
     *                          minus what the JVM has committed; may be negative), before the stretch;
     *                          {@code Long.MIN_VALUE} where not tracked
     * @param nativeAfterBytes the same after the stretch
     */
    public record Result(int calls, long rssBeforeBytes, long rssAfterBytes, long nativeBeforeBytes,
                         long nativeAfterBytes, long p50Nanos, long p99Nanos, double seconds) {
        /** @return resident growth in bytes over the measured stretch */
        public long growthBytes() {
            return rssAfterBytes - rssBeforeBytes;
        }

        /**
         * @return growth in bytes of the resident memory outside the JVM's own (what native runtimes hold)
         * @throws IllegalStateException if the stretch ran without Native Memory Tracking
         */
        public long nativeGrowthBytes() {
            if (nativeBeforeBytes == JvmNativeMemory.UNTRACKED || nativeAfterBytes == JvmNativeMemory.UNTRACKED) {
                throw new IllegalStateException("measured without Native Memory Tracking (-XX:NativeMemoryTracking"
                        + "=summary): no native growth");
            }
            return nativeAfterBytes - nativeBeforeBytes;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d calls in %.1f s: RSS %.1f -> %.1f MB (%+.2f MB), outside the JVM"
                    + " %+.2f MB, p50 %.2f ms, p99 %.2f ms", calls, seconds, rssBeforeBytes / 1e6,
                    rssAfterBytes / 1e6, growthBytes() / 1e6,
                    nativeBeforeBytes == JvmNativeMemory.UNTRACKED || nativeAfterBytes == JvmNativeMemory.UNTRACKED
                            ? Double.NaN : (nativeAfterBytes - nativeBeforeBytes) / 1e6,
                    p50Nanos / 1e6, p99Nanos / 1e6);
        }
    }

    /** A call to repeat. */
    @FunctionalInterface
    public interface Call {
        /** @throws Exception if the call fails (the soak stops) */
        void run() throws Exception;
    }

    private Soak() {
    }

    /**
     * Runs {@link SoakMain} in a child JVM with a fixed, pre-touched 256 MB heap and this JVM's class path.
     *
     * @param mode {@code detect} (one detector, {@code calls} detections), {@code open} (open and close
     *             {@code calls} detectors), {@code run} or {@code session-open} (the same on a bare backend
     *             session, see {@link SoakMain})
     * @param model the model file
     * @param image the photo
     * @param warmUp calls before measuring
     * @param calls calls per measured stretch (two stretches are measured)
     * @return the two stretches
     * @throws Exception if the child fails
     */
    public static java.util.List<Result> forked(String mode, Path model, Path image, int warmUp, int calls)
            throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=summary"));
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("edgecv.")) { // where the runtimes are (edgecv.ncnn.library), what is required
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), SoakMain.class.getName(),
                mode, model.toString(), image.toString(), String.valueOf(warmUp), String.valueOf(calls)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // glibc keeps freed memory (and direct buffers freed only at a collection fragment its heap), so resident
        // memory swung by +-40 MB between runs with nothing leaked; with blocks over 128 KB mapped on their own and
        // the heap trimmed above 128 KB, resident memory follows the memory really in use, which a leak still grows
        pb.environment().put("MALLOC_MMAP_THRESHOLD_", "131072");
        pb.environment().put("MALLOC_TRIM_THRESHOLD_", "131072");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("soak child failed: " + out);
        }
        java.util.List<Result> results = new java.util.ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.trim().split(" ");
                results.add(new Result(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
                        Double.parseDouble(f[8])));
            }
        }
        if (results.size() != 2) {
            throw new IllegalStateException("soak child printed no results: " + out);
        }
        return results;
    }

    /**
     * Runs {@link #forked} and prints both stretches and the growth across them to stderr, as
     * {@code SOAK <label>: <first>; then <second>; growth over <2 x calls>: <+MB> MB}.
     *
     * @param label what is soaked, e.g. {@code "onnx BlazeFace front 128"}
     * @param mode {@code detect} or {@code open}, as {@link #forked}
     * @param model the model file
     * @param image the photo
     * @param warmUp calls before measuring
     * @param calls calls per measured stretch (two stretches are measured)
     * @return the two stretches
     * @throws Exception if the child fails
     */
    public static java.util.List<Result> forkedAndPrinted(String label, String mode, Path model, Path image,
            int warmUp, int calls) throws Exception {
        java.util.List<Result> r = forked(mode, model, image, warmUp, calls);
        System.err.printf(Locale.ROOT, "SOAK %s: %s; then %s; growth over %,d: %+.2f MB%n", label, r.get(0), r.get(1),
                2 * calls, growth(r) / 1e6);
        return r;
    }

    /**
     * @param stretches measured stretches, in order
     * @return resident growth in bytes from before the first stretch to after the last
     */
    public static long growth(java.util.List<Result> stretches) {
        return stretches.get(stretches.size() - 1).rssAfterBytes() - stretches.get(0).rssBeforeBytes();
    }

    /** @return whether resident memory can be read here */
    public static boolean supported() {
        return Files.isReadable(STATUS);
    }

    /** @return the resident set size in bytes, after garbage collections and a trim of the C heap */
    public static long rssBytes() throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200); // direct buffers are freed by their cleaner thread after the collection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        JvmNativeMemory.trimCHeap();
        return residentBytes();
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[1]) * 1024;
            }
        }
        throw new IOException("no VmRSS in " + STATUS);
    }

    /**
     * Runs {@code warmUp} calls, then measures resident memory around {@code calls} more.
     *
     * @return the measured stretch
     * @throws Exception if a call fails
     */
    public static Result measure(Call call, int warmUp, int calls) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        long before = rssBytes();
        long nativeBefore = JvmNativeMemory.outsideJvm(before);
        long[] t = new long[calls];
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long s = System.nanoTime();
            call.run();
            t[i] = System.nanoTime() - s;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = rssBytes();
        long nativeAfter = JvmNativeMemory.outsideJvm(after);
        Arrays.sort(t);
        return new Result(calls, before, after, nativeBefore, nativeAfter, t[calls / 2],
                t[Math.min(calls - 1, (int) (calls * 0.99))], seconds);
    }
}
