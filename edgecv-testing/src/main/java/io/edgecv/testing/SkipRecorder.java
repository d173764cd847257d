package io.edgecv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records every skipped test (disabled, or aborted by an assumption) with its reason, so that
 * {@link SkipReport} can list them all at the end of the build. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}; active only when the build sets
 * {@code -Dedgecv.skips.dir} (the parent POM does, for every module's tests), writing
 * {@code <dir>/<module>-<pid>.tsv}: module, test, reason.
 *
 * <p>Thread-safety: thread-safe (JUnit may report from several threads).
 */
public final class SkipRecorder implements TestExecutionListener {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        record(id, reason == null ? "disabled" : reason);
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String why = result.getThrowable().map(t -> t.getMessage() == null ? t.toString() : t.getMessage())
                    .orElse("aborted");
            record(id, why.startsWith("Assumption failed: ") ? why.substring("Assumption failed: ".length()) : why);
        }
    }

    private void record(TestIdentifier id, String reason) {
        Object source = id.getSource().orElse(null);
        String name;
        if (source instanceof MethodSource m) {
            name = simple(m.getClassName()) + "#" + m.getMethodName();
            if (!id.getDisplayName().startsWith(m.getMethodName() + "(")) {
                name += " [" + id.getDisplayName() + "]";
            }
        } else if (source instanceof ClassSource c) {
            name = simple(c.getClassName()) + " (whole class)";
        } else if (id.isTest()) {
            name = id.getDisplayName();
        } else {
            return;
        }
        lines.add(clean(System.getProperty("edgecv.skips.module", "?")) + "\t" + clean(name) + "\t" + clean(reason));
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ').strip();
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        String dir = System.getProperty("edgecv.skips.dir");
        if (dir == null || dir.isBlank() || dir.startsWith("${")) {
            return;
        }
        String module = System.getProperty("edgecv.skips.module", "tests");
        String pid = ManagementFactory.getRuntimeMXBean().getName().replaceAll("@.*", "");
        try {
            Path out = Files.createDirectories(Path.of(dir)).resolve(module + "-" + pid + ".tsv");
            // appended: a JVM may run several test plans (surefire's reruns)
            Files.write(out, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the skipped tests in " + dir, e);
        }
        lines.clear();
    }
}
