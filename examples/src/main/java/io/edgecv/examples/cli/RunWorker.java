package io.edgecv.examples.cli;

import io.edgecv.EdgeCvException;
import io.edgecv.edge.FrameGate;
import io.edgecv.edge.Throttle;
import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.EventWriter;
import io.edgecv.edge.events.NewEvent;
import io.edgecv.edge.power.PowerMeter;
import io.edgecv.edge.power.PowerSource;
import io.edgecv.edge.power.PowerSummary;
import io.edgecv.edge.thermal.TemperatureSource;
import io.edgecv.edge.thermal.ThermalGovernor;
import io.edgecv.edge.thermal.ThermalMonitor;
import io.edgecv.edge.watchdog.Heartbeat;
import io.edgecv.video.pipeline.AdaptiveSkip;
import io.edgecv.video.pipeline.DetectionModel;
import io.edgecv.video.pipeline.PipelineStats;
import io.edgecv.video.pipeline.SkipPolicy;
import io.edgecv.video.pipeline.SkipTuning;
import io.edgecv.video.pipeline.VideoPipeline;
import io.edgecv.video.source.FrameSource;
import io.edgecv.video.source.FrameSources;
import io.edgecv.video.track.Sort;
import io.edgecv.video.track.Tracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The inference worker of {@code edgecv run}: source, model, skip policy under the thermal throttle, tracker; each
 * result beats the heartbeat and becomes events in the SQLite outbox; power is metered for FPS/W. {@link #stop()}
 * (SIGTERM) stops reading, lets the frames in flight reach the outbox, and commits them before {@link #run()}
 * returns.
 *
 * <p>Thread-safety: {@link #run()} on one thread, {@link #stop()} from any.
 */
final class RunWorker {
    private final RunConfig config;
    private final EdgeParts parts;
    private final Heartbeat heartbeat;
    private final PrintWriter out;
    private volatile VideoPipeline pipeline;
    private volatile FrameGate gate;
    private volatile boolean stopped;

    RunWorker(RunConfig config, Heartbeat heartbeat, PrintWriter out) {
        this.config = config;
        this.parts = new EdgeParts(config);
        this.heartbeat = heartbeat;
        this.out = out;
    }

    /** Stops reading; {@link #run()} then flushes and returns. */
    void stop() {
        stopped = true;
        FrameGate g = gate;
        if (g != null) {
            g.release(); // a thermal pause must not hold up the shutdown
        }
        VideoPipeline p = pipeline;
        if (p != null) {
            p.close();
        }
    }

    /**
     * @return the pipeline's statistics
     * @throws Exception on a failure (the supervisor restarts the worker)
     */
    PipelineStats run() throws Exception {
        List<String> notes = new ArrayList<>();
        Optional<TemperatureSource> temperature = parts.temperature(notes);
        Optional<PowerSource> power = parts.power(notes);
        String device = parts.device();
        try (EventLog log = parts.openLog();
             EventWriter writer = new EventWriter(log, parts.writerBatch())) {
            ThermalGovernor governor = temperature.isPresent() ? new ThermalGovernor(parts.thermalPolicy()) : null;
            Throttle throttle = governor != null ? governor : Throttle.FULL_SPEED;
            ThermalMonitor monitor = governor == null ? null
                    : parts.thermalMonitor(temperature.get(), governor, writer::submit);
            for (String n : notes) {
                out.println(n);
            }
            out.println("thermal: " + temperature.map(t -> t.describe() + ", " + parts.thermalPolicy())
                    .orElse("none"));
            out.println("power: " + power.map(PowerSource::describe).orElse("none"));
            out.flush();
            try (DetectionModel model = openModel();
                 FrameSource frames = FrameSources.open(config.required("source"), null);
                 PowerMeter meter = power.map(s -> new PowerMeter(s, parts.powerInterval())).orElse(null)) {
                if (monitor != null) {
                    monitor.poll(); // govern from the first frame
                    monitor.start();
                }
                String session = session(frames);
                EventingListener listener = new EventingListener(writer, heartbeat, device, session);
                int interval = skipInterval();
                gate = new FrameGate(throttle);
                if (stopped) {
                    gate.release();
                }
                ThrottledSkip skip = new ThrottledSkip(skipPolicy(interval), gate, heartbeat);
                VideoPipeline p = VideoPipeline.builder().setSource(frames).setModel(model)
                        .optTracker(tracker(frames.frameRate(), interval)).optSkip(skip).optListener(listener)
                        .optMaxFrames(config.integer("max-frames", 0, 0)).build();
                pipeline = p;
                if (stopped) {
                    p.close();
                }
                if (meter != null) {
                    meter.start();
                }
                PipelineStats stats;
                try (p) {
                    stats = p.run();
                } finally {
                    if (monitor != null) {
                        monitor.close();
                    }
                }
                PowerSummary watts = meter == null ? null : meter.stop();
                report(stats, watts, skip, listener, device, writer);
                writer.flush(); // every result is durable before the worker says it is done
                return stats;
            }
        }
    }

    private void report(PipelineStats s, PowerSummary w, ThrottledSkip skip, EventingListener listener,
            String device, EventWriter writer) {
        out.printf(Locale.ROOT, "frames: %d in, %d out (%.1f fps); detector calls %d (%d admitted by the thermal"
                + " gate of %d offered); %d events%n", s.framesIn(), s.framesOut(), s.fpsOut(), s.detectorCalls(),
                skip.gate().admitted(), skip.gate().offered(), listener.events());
        if (w != null) {
            out.printf(Locale.ROOT, "power: %.2f W average (%s), %.3f FPS/W%n", w.watts(), w.source(),
                    w.fpsPerWatt(s.fpsOut()));
            writer.submit(new NewEvent(device + "/power/" + System.currentTimeMillis(), EventType.POWER,
                    System.currentTimeMillis(), String.format(Locale.ROOT,
                            "{\"watts\":%.3f,\"fps\":%.2f,\"fpsPerWatt\":%.4f,\"seconds\":%.1f,\"source\":\"%s\"}",
                            w.watts(), s.fpsOut(), w.fpsPerWatt(s.fpsOut()), w.seconds(),
                            w.source().replace("\"", "'"))));
        } else {
            out.println("power: no source, FPS/W not reported");
        }
        out.flush();
    }

    /** A file gives the same session on every run (re-processed frames keep their ids); a live source a new one. */
    private String session(FrameSource frames) throws IOException {
        String src = config.required("source");
        if (!frames.live()) {
            Path p = Path.of(src);
            long stamp = Files.exists(p) ? Files.size(p) ^ Files.getLastModifiedTime(p).toMillis() : 0;
            return "file-" + Integer.toHexString((src + ":" + stamp).hashCode());
        }
        return "live-" + System.currentTimeMillis();
    }

    private DetectionModel openModel() throws EdgeCvException {
        DetectionModel.Builder b = DetectionModel.builder().setModel(Path.of(config.required("model")))
                .optThreads((int) config.integer("threads", 1, 0))
                .optConfidence((float) config.number("confidence", 0.1));
        if (config.has("backend")) {
            b.optBackend(config.string("backend", null));
        }
        return b.build();
    }

    /** {@code none}, {@code N}, {@code fixed:N}, {@code adaptive} or {@code adaptive:N}. */
    private int skipInterval() {
        String s = config.string("skip", "none").toLowerCase(Locale.ROOT);
        String n = s.contains(":") ? s.substring(s.indexOf(':') + 1) : s.matches("\\d+") ? s : "";
        if (s.equals("none")) {
            return 1;
        }
        if (n.isEmpty()) {
            if (s.equals("adaptive")) {
                return 5;
            }
            throw new IllegalArgumentException(config.file() + ": 'skip' must be none, N, fixed:N, adaptive or"
                    + " adaptive:N, got '" + s + "'");
        }
        try {
            int v = Integer.parseInt(n);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(config.file() + ": 'skip' interval must be a whole number of at least"
                    + " 1, got '" + s + "'");
        }
    }

    private SkipPolicy skipPolicy(int interval) {
        String s = config.string("skip", "none").toLowerCase(Locale.ROOT);
        return s.startsWith("adaptive") ? new AdaptiveSkip(interval, 500, 6f, 0.45f) : SkipPolicy.fixed(interval);
    }

    private Tracker tracker(double fps, int interval) {
        switch (config.choice("tracker", "bytetrack", "bytetrack", "sort", "none")) {
            case "bytetrack":
                return SkipTuning.lowScoreDetector(fps, interval);
            case "sort":
                return Sort.builder().build();
            default:
                return null;
        }
    }
}
