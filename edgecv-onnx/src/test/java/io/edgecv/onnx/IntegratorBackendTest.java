package io.edgecv.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An integrator's backend in its own jar, registered in that jar's {@code META-INF/services}, is picked up with no
 * change to EdgeCV: the test compiles such a jar from source, starts a fresh JVM with it on the class path, and
 * checks that {@code Detector.builder()} chose it (it outranks the built-in onnx backend) and that it detected.
 * The jar also holds a "picky" backend of even higher priority that refuses every model as invalid, as a GPU
 * runtime's parser may: the detector falls back to the next backend for the format.
 */
class IntegratorBackendTest {
    @TempDir
    Path dir;

    private static final String PROVIDER = String.join("\n",
            "package com.acme.edge;",
            "import io.edgecv.*; import io.edgecv.spi.*; import java.nio.*; import java.util.*;",
            "/** Acme's backend: ONNX Runtime with Acme's own session wrapper. */",
            "public final class AcmeBackendProvider implements BackendProvider {",
            "  private final BackendProvider onnx = new io.edgecv.onnx.OnnxBackendProvider();",
            "  public String name() { return \"acme\"; }",
            "  public Set<ModelFormat> formats() { return Set.of(ModelFormat.ONNX); }",
            "  public int priority() { return 500; }",
            "  public Availability availability() { return onnx.availability(); }",
            "  public BackendSession open(ModelSource m, BackendOptions o) throws EdgeCvException {",
            "    BackendSession s = onnx.open(m, o);",
            "    return new BackendSession() {",
            "      int runs;",
            "      public String backendName() { return \"acme\"; }",
            "      public List<TensorSpec> inputs() { return s.inputs(); }",
            "      public List<TensorSpec> outputs() { return s.outputs(); }",
            "      public Map<String, String> metadata() { return s.metadata(); }",
            "      public void setInputShape(int i, long[] shape) throws EdgeCvException { s.setInputShape(i, shape); }",
            "      public ByteBuffer inputBuffer(int i) { return s.inputBuffer(i); }",
            "      public void run() throws EdgeCvException { runs++; s.run(); }",
            "      public int outputCount() { return s.outputCount(); }",
            "      public FloatBuffer output(int i) { return s.output(i); }",
            "      public long[] outputShape(int i) { return s.outputShape(i); }",
            "      public void close() { System.out.println(\"acme runs=\" + runs); s.close(); }",
            "    };",
            "  }",
            "}");

    private static final String PICKY = String.join("\n",
            "package com.acme.edge;",
            "import io.edgecv.*; import io.edgecv.spi.*; import java.util.*;",
            "public final class PickyBackendProvider implements BackendProvider {",
            "  public String name() { return \"picky\"; }",
            "  public Set<ModelFormat> formats() { return Set.of(ModelFormat.ONNX); }",
            "  public int priority() { return 900; }",
            "  public Availability availability() { return Availability.available(); }",
            "  public BackendSession open(ModelSource m, BackendOptions o) throws EdgeCvException {",
            "    throw new InvalidModelException(\"picky parser: unsupported operator in \" + m.name());",
            "  }",
            "}");

    private static final String MAIN = String.join("\n",
            "package com.acme.edge;",
            "import io.edgecv.*; import java.nio.file.Path;",
            "public final class Main {",
            "  public static void main(String[] a) throws Exception {",
            "    try (Detector d = Detector.builder().setModel(Path.of(a[0])).build()) {",
            "      System.out.println(\"backend=\" + d.backendName());",
            "      System.out.println(\"fallback=\"",
            "          + d.description().properties().get(\"backend.fallback\"));",
            "      for (Detection x : d.detect(ImageInput.read(Path.of(a[1])))) System.out.println(\"found=\" + x.label());",
            "    }",
            "  }",
            "}");

    @Test
    void aBackendInItsOwnJarIsDiscoveredAndUsed() throws Exception {
        Path src = dir.resolve("src/com/acme/edge");
        Files.createDirectories(src);
        Files.writeString(src.resolve("AcmeBackendProvider.java"), PROVIDER);
        Files.writeString(src.resolve("Main.java"), MAIN);
        Files.writeString(src.resolve("PickyBackendProvider.java"), PICKY);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("AcmeBackendProvider.java").toString(), src.resolve("Main.java").toString(),
                src.resolve("PickyBackendProvider.java").toString());
        assertThat(rc).as("compiling the integrator's sources").isZero();
        Path jar = dir.resolve("acme-backend.jar");
        writeJar(classes, jar);

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + jar, "com.acme.edge.Main",
                Fixtures.model(Fixtures.SSD_ONNX).toString(), Fixtures.image("dog.jpg").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).contains("backend=acme", "found=Dog", "found=Bicycle", "found=Car", "acme runs=1");
        assertThat(out).contains("BACKEND FALLBACK: backend picky could not open")
                .contains("trying the next backend");
        // the detector running on the fallback says so in its description
        assertThat(lines).anyMatch(l -> l.startsWith("fallback=running on acme because picky refused it: "));
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.edgecv.spi.BackendProvider"));
            OutputStream o = out;
            o.write("com.acme.edge.AcmeBackendProvider\ncom.acme.edge.PickyBackendProvider\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
