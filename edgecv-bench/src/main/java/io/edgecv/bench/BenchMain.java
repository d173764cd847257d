package io.edgecv.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The main class of {@code benchmarks.jar}: JMH's own command line (every JMH option works the same), except that
 * backend x model pairs that cannot run on this machine are left out before anything is forked, each printed with
 * its reason (backend not built in, native runtime missing, no model file in the backend's format). The
 * benchmarks with {@code backend} and {@code model} parameters run once per available backend; the results of
 * all runs are merged into the one result file ({@code -rf json -rff FILE}) and one summary, followed by the
 * ratios of the peer benchmarks to ONNX Runtime's bare {@code session.run}.
 *
 * <p>{@code -h}, {@code -l}, {@code -lp}, {@code -lprof} and {@code -lrf} are handed to JMH unchanged.
 *
 * <p>Thread-safety: a program entry point.
 */
public final class BenchMain {
    private static final String FLOOR = PeerBenchmark.class.getName() + ".onnxRuntimeRun";

    private BenchMain() {
    }

    /**
     * Runs the benchmarks and exits with {@link #run}'s code: 0 if at least one benchmark gave a result, 1 if none
     * did (every one failed or was skipped) or the command line is wrong.
     *
     * @param args JMH command line
     * @throws Exception if JMH fails
     */
    public static void main(String[] args) throws Exception {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * @param args JMH command line
     * @return 0 when at least one benchmark produced a result (or for -h, -l and the other listings); 1 when none
     *         did, every one having failed or been skipped, or when the command line is wrong
     * @throws Exception if JMH fails with {@code -foe true}
     */
    static int run(String[] args) throws Exception {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            return 1;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return 0;
        }
        SortedSet<BenchmarkListEntry> selected = BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                cmd.getIncludes(), cmd.getExcludes());
        if (selected.isEmpty()) {
            System.err.println("No benchmark matches " + cmd.getIncludes() + "; list them with -l");
            return 1;
        }
        BenchPlan plan = BenchPlan.of(selected, name -> {
            var v = cmd.getParameter(name);
            return v.hasValue() ? Optional.of(v.get()) : Optional.empty();
        });
        printSkipped(plan, System.out);
        List<RunResult> all = new ArrayList<>();
        try {
            for (BenchPlan.Job job : plan.jobs()) {
                System.out.println("# EdgeCV: running " + job.title());
                OptionsBuilder b = new OptionsBuilder();
                b.parent(cmd);
                job.excludes().forEach(b::exclude);
                for (Map.Entry<String, List<String>> p : job.params().entrySet()) {
                    b.param(p.getKey(), p.getValue().toArray(new String[0]));
                }
                try {
                    all.addAll(new Runner(b.build()).run());
                } catch (RunnerException e) {
                    if (cmd.shouldFailOnError().orElse(false)) {
                        throw e;
                    }
                    System.err.println("# EdgeCV: " + job.title() + " failed: " + e.getMessage());
                }
            }
        } finally {
            finish(cmd, plan, all);
        }
        if (all.isEmpty()) {
            System.err.println("# EdgeCV: FAILED: no benchmark produced a result (each one failed or was skipped;"
                    + " the reasons are above)");
            return 1;
        }
        return 0;
    }

    private static void finish(CommandLineOptions cmd, BenchPlan plan, List<RunResult> all) {
        if (all.isEmpty()) {
            printSkipped(plan, System.out);
            return;
        }
        if (plan.jobs().size() > 1) {
            System.out.println();
            System.out.println("# EdgeCV: all runs");
            ResultFormatFactory.getInstance(ResultFormatType.TEXT, System.out).writeOut(all);
        }
        if (cmd.getResult().hasValue() || cmd.getResultFormat().hasValue()) {
            ResultFormatType type = cmd.getResultFormat().orElse(Defaults.RESULT_FORMAT);
            String file = cmd.getResult().orElse(Defaults.RESULT_FILE_PREFIX + "."
                    + type.toString().toLowerCase(Locale.ROOT));
            ResultFormatFactory.getInstance(type, file).writeOut(all);
            System.out.println("# EdgeCV: " + all.size() + " results written to " + file);
        }
        printRatios(all, System.out);
        printSkipped(plan, System.out);
    }

    private static void printSkipped(BenchPlan plan, PrintStream out) {
        plan.skipped().forEach((what, why) -> out.println("# EdgeCV: SKIPPED " + what + ": " + why));
    }

    /** Each peer result divided by ONNX Runtime's bare run with the same parameters, mean and median. */
    static void printRatios(Collection<RunResult> all, PrintStream out) {
        List<String> lines = new ArrayList<>();
        for (RunResult floor : all) {
            if (!floor.getParams().getBenchmark().equals(FLOOR)) {
                continue;
            }
            String threads = floor.getParams().getParam("threads");
            BenchmarkResult f = floor.getAggregatedResult();
            for (RunResult r : all) {
                String name = r.getParams().getBenchmark();
                if (r == floor || !name.contains("Peer") || !equal(threads, r.getParams().getParam("threads"))
                        || r.getParams().getMode() != floor.getParams().getMode()) {
                    continue;
                }
                BenchmarkResult x = r.getAggregatedResult();
                double mean = x.getPrimaryResult().getScore() / f.getPrimaryResult().getScore();
                double median = x.getPrimaryResult().getStatistics().getPercentile(50)
                        / f.getPrimaryResult().getStatistics().getPercentile(50);
                lines.add(String.format(Locale.ROOT, "#   %-55s threads=%s  %.3f x (mean)  %.3f x (median)"
                        + "  overhead %+.1f %%", name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                        threads, mean, median, (median - 1) * 100));
            }
        }
        if (!lines.isEmpty()) {
            out.println("# EdgeCV: ratios to ONNX Runtime's bare session.run (the floor), same run, same threads");
            lines.forEach(out::println);
        }
    }

    private static boolean equal(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
