package io.edgecv.testing;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The JVM's own view of its native memory, through its diagnostic commands (what {@code jcmd} runs): Native Memory
 * Tracking's committed total, and a trim of the C heap. A leak check subtracts the first from the resident set
 * to see what native libraries hold: the JVM's own C heap (JIT arenas, the collector's work lists) moves by 10-15
 * MB between two readings of the same steady work, which would hide a leak of a few KB per call.
 *
 * <p>Thread-safety: stateless; the commands may run from any thread.
 */
final class JvmNativeMemory {
    /** What {@link #outsideJvm} returns without Native Memory Tracking. */
    static final long UNTRACKED = Long.MIN_VALUE;
    private static final Pattern COMMITTED = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");

    private JvmNativeMemory() {
    }

    /**
     * Returns freed C-heap memory to the system ({@code malloc_trim}), so that resident memory follows the memory
     * in use and not where glibc's free chunks happen to lie. Does nothing on a JVM without the command (before
     * 17.0.9, or not on glibc).
     */
    static void trimCHeap() {
        try {
            run("systemTrimNativeHeap");
        } catch (JMException | RuntimeException e) {
            // no such command here: resident memory then also counts what glibc keeps
        }
    }

    /**
     * @param residentBytes the resident set size just read
     * @return the resident memory the JVM has not committed itself (heap, code, metaspace, threads, its C heap):
     *         what native libraries hold (direct buffers are the JVM's), plus the shared libraries' code, minus
     *         what the JVM committed but never touched (so it may be negative); {@link #UNTRACKED} without Native
     *         Memory Tracking
     */
    static long outsideJvm(long residentBytes) {
        String summary;
        try {
            summary = run("vmNativeMemory", "summary");
        } catch (JMException | RuntimeException e) {
            return UNTRACKED;
        }
        Matcher m = COMMITTED.matcher(summary);
        return m.find() ? residentBytes - Long.parseLong(m.group(1)) * 1024 : UNTRACKED;
    }

    private static String run(String operation, String... args) throws JMException {
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), operation, new Object[] {args},
                new String[] {String[].class.getName()}));
    }
}
