package io.edgecv.tflite;

import io.edgecv.InvalidModelException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a model once in a separate, short-lived JVM ({@link ProbeMain}) before this JVM's TensorFlow Lite touches
 * it: if a file that passed the Java verifier still makes the native loader or a kernel crash, only the probe
 * process dies and the model is refused with {@link InvalidModelException}. A model that loaded cleanly is
 * remembered (by SHA-256 and settings) for the life of this JVM, so it is probed once.
 *
 * <p>Thread-safety: thread-safe.
 */
final class ModelProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ModelProbe.class);
    private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();

    private ModelProbe() {
    }

    /**
     * @param bytes verified model bytes
     * @param file the model's file if it has one (read by the probe), else the bytes go to a temporary file
     * @param name for messages
     * @param o settings the probe loads the model with
     * @throws InvalidModelException if the probe crashed, timed out or TensorFlow Lite refused the model
     */
    static void check(byte[] bytes, Path file, String name, TfLiteOptions o) throws InvalidModelException {
        check(bytes, file, name, o, ProbeMain.class);
    }

    /** As {@link #check(byte[], Path, String, TfLiteOptions)} with another probe program (tests use this). */
    static void check(byte[] bytes, Path file, String name, TfLiteOptions o, Class<?> main)
            throws InvalidModelException {
        String key = sha256(bytes) + "|" + String.join(",", o.toArgs()) + "|" + main.getName();
        if (PASSED.contains(key)) {
            return;
        }
        List<String> classPath = classPath(main);
        if (classPath == null) {
            LOG.warn("cannot start the isolated TFLite probe for {}: the class path is not made of plain jar files"
                    + " or folders (a nested or shaded jar?); relying on the Java verifier alone. Set"
                    + " tflite.probe=none to silence this for models you trust.", name);
            return;
        }
        Path temp = null;
        Path errorFile = null;
        try {
            Path target = file;
            if (target == null) {
                temp = Files.createTempFile("edgecv-tflite-probe", ".tflite");
                Files.write(temp, bytes);
                target = temp;
            }
            errorFile = Files.createTempFile("edgecv-tflite-probe-crash", ".log");
            Files.delete(errorFile);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:-CreateCoredumpOnCrash");
            cmd.add("-XX:ErrorFile=" + errorFile);
            for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
                if (e.getKey().toString().startsWith("org.bytedeco.")) {
                    cmd.add("-D" + e.getKey() + "=" + e.getValue());
                }
            }
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classPath));
            cmd.add(main.getName());
            cmd.add(target.toAbsolutePath().toString());
            cmd.addAll(List.of(o.toArgs()));
            cmd.add(name);
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            boolean finished;
            try (var in = p.getInputStream()) {
                Thread reader = null;
                ByteCollector collector = new ByteCollector(in);
                reader = new Thread(collector, "edgecv-tflite-probe-output");
                reader.setDaemon(true);
                reader.start();
                finished = p.waitFor(o.probeTimeoutMillis, TimeUnit.MILLISECONDS);
                if (!finished) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                reader.join(2000);
                out = collector.bytes();
            }
            String output = new String(out, StandardCharsets.UTF_8).trim();
            if (!finished) {
                throw new InvalidModelException("TensorFlow Lite did not finish loading and running " + name
                        + " within " + o.probeTimeoutMillis + " ms in the isolated probe process; the file is"
                        + " corrupt or far too large (raise tflite.probe.timeout_ms for a slow device)");
            }
            int exit = p.exitValue();
            LOG.debug("TFLite probe of {} exited {} in {} ms", name, exit, (System.nanoTime() - t0) / 1_000_000);
            if (exit == ProbeMain.REFUSED) {
                throw new InvalidModelException(lastLine(output));
            }
            if (exit == ProbeMain.FAILED) {
                throw new InvalidModelException("loading " + name + " in the isolated probe process failed ("
                        + lastLine(output) + "); nothing was loaded into this JVM");
            }
            boolean crashed = Files.isRegularFile(errorFile) || output.contains("A fatal error has been detected");
            if (exit == 1 && !crashed) {
                LOG.warn("the isolated TFLite probe for {} could not start ({}); relying on the Java verifier"
                        + " alone", name, lastLine(output));
                return;
            }
            if (exit != ProbeMain.OK) {
                throw new InvalidModelException("TensorFlow Lite crashed (exit " + exit + crashFrame(errorFile)
                        + ") while loading and running " + name + " in the isolated probe process, although the"
                        + " file passed EdgeCV's checks: the file is corrupt or hostile. Nothing was loaded into"
                        + " this JVM; download or export the model again.");
            }
            PASSED.add(key);
        } catch (IOException e) {
            LOG.warn("cannot run the isolated TFLite probe for {} ({}); relying on the Java verifier alone", name,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidModelException("interrupted while probing " + name, e);
        } finally {
            deleteQuietly(temp);
            deleteQuietly(errorFile);
        }
    }

    private static String lastLine(String output) {
        String[] lines = output.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank() && !lines[i].startsWith("INFO:") && !lines[i].startsWith("SLF4J")) {
                return lines[i];
            }
        }
        return "TensorFlow Lite refused the model";
    }

    private static String crashFrame(Path errorFile) {
        if (errorFile == null || !Files.isRegularFile(errorFile)) {
            return "";
        }
        try {
            for (String line : Files.readAllLines(errorFile, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("# C  [") || line.startsWith("#  SIG")) {
                    return ", " + line.substring(1).trim();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("could not delete {}: {}", p, e.toString());
            }
        }
    }

    /** @return the jars and folders the probe needs, or null if one of them is not a plain file */
    static List<String> classPath(Class<?> main) {
        Set<String> entries = new LinkedHashSet<>();
        Class<?>[] classes = {main, ModelProbe.class, InvalidModelException.class, Loader.class,
            org.bytedeco.tensorflowlite.Interpreter.class, LoggerFactory.class};
        for (Class<?> c : classes) {
            String e = location(c);
            if (e == null) {
                return null;
            }
            entries.add(e);
        }
        URL natives = ModelProbe.class.getClassLoader().getResource("org/bytedeco/tensorflowlite/"
                + Loader.getPlatform() + "/");
        if (natives != null && "jar".equals(natives.getProtocol())) {
            String s = natives.getPath();
            int bang = s.indexOf("!/");
            try {
                Path jar = Path.of(new URL(s.substring(0, bang)).toURI());
                entries.add(jar.toString());
            } catch (IOException | URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        } else if (natives == null) {
            return null;
        }
        return new ArrayList<>(entries);
    }

    private static String location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null || !"file".equals(cs.getLocation().getProtocol())) {
            return null;
        }
        try {
            Path p = Path.of(cs.getLocation().toURI());
            return Files.exists(p) ? p.toString() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Reads a stream to its end (bounded to 64 KiB kept) so the child never blocks on a full pipe. */
    private static final class ByteCollector implements Runnable {
        private final java.io.InputStream in;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();

        ByteCollector(java.io.InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (kept) {
                        if (kept.size() < 65536) {
                            kept.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }

        byte[] bytes() {
            synchronized (kept) {
                return kept.toByteArray();
            }
        }
    }
}
