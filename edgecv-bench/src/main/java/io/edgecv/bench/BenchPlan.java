package io.edgecv.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * Which JMH runs to make so that only backend x model pairs that can run here are measured. A benchmark class
 * with both a {@code backend} and a {@code model} {@code @Param} is run once per available backend, with the
 * models that backend has a file for; every other class runs once, as JMH would run it. Each pair left out is
 * listed with its reason.
 *
 * <p>Thread-safety: immutable once built.
 */
final class BenchPlan {
    static final String BACKEND = "backend";
    static final String MODEL = "model";

    /**
     * One JMH run: the benchmarks of the whole selection minus the {@code excludes}, with these parameter values.
     *
     * @param title what the run measures, for the console
     * @param excludes regular expressions added to the user's excludes
     * @param params parameter values replacing the annotation's
     */
    record Job(String title, List<String> excludes, Map<String, List<String>> params) {
    }

    private final List<Job> jobs = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    private BenchPlan() {
    }

    /**
     * @param selected the benchmarks the user's includes and excludes select
     * @param overrides the user's {@code -p name=v1,v2} values for a parameter name, if any
     * @return the plan
     */
    static BenchPlan of(SortedSet<BenchmarkListEntry> selected,
                        Function<String, Optional<Collection<String>>> overrides) {
        BenchPlan plan = new BenchPlan();
        Map<String, Map<String, String[]>> perBackendClasses = new LinkedHashMap<>();
        boolean others = false;
        for (BenchmarkListEntry e : selected) {
            Map<String, String[]> p = e.getParams().orElse(Map.of());
            if (p.containsKey(BACKEND) && p.containsKey(MODEL)) {
                perBackendClasses.putIfAbsent(e.getUserClassQName(), p);
            } else {
                others = true;
            }
        }
        for (var c : perBackendClasses.entrySet()) {
            String cls = c.getKey();
            List<String> backends = values(BACKEND, c.getValue(), overrides);
            List<String> models = values(MODEL, c.getValue(), overrides);
            String onlyThisClass = "^(?!" + Pattern.quote(cls + ".") + ")";
            for (String b : backends) {
                List<String> runnable = new ArrayList<>();
                for (String m : models) {
                    BenchTarget t = BenchTarget.resolve(b, m);
                    if (t.runnable()) {
                        runnable.add(m);
                    } else {
                        plan.skipped.putIfAbsent(t.skipScope(), t.skipReason().get());
                    }
                }
                if (!runnable.isEmpty()) {
                    Map<String, List<String>> params = new LinkedHashMap<>();
                    params.put(BACKEND, List.of(b));
                    params.put(MODEL, List.copyOf(runnable));
                    plan.jobs.add(new Job(simpleName(cls) + " on " + b + " " + runnable, List.of(onlyThisClass),
                            params));
                }
            }
        }
        if (others) {
            List<String> excludes = new ArrayList<>();
            for (String cls : perBackendClasses.keySet()) {
                excludes.add("^" + Pattern.quote(cls + "."));
            }
            plan.jobs.add(new Job("benchmarks without backend x model parameters", excludes, Map.of()));
        }
        return plan;
    }

    private static List<String> values(String name, Map<String, String[]> declared,
                                       Function<String, Optional<Collection<String>>> overrides) {
        Optional<Collection<String>> given = overrides.apply(name);
        if (given.isPresent() && !given.get().isEmpty()) {
            return List.copyOf(given.get());
        }
        return List.of(declared.get(name));
    }

    private static String simpleName(String cls) {
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    /** @return the JMH runs to make, in order */
    List<Job> jobs() {
        return jobs;
    }

    /**
     * @return what was left out (a backend name when the backend cannot run here at all, else
     *         {@code backend x model}), each once, with its reason
     */
    Map<String, String> skipped() {
        return skipped;
    }
}
