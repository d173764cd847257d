package io.edgecv.examples.cli;

import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.EventWriter;
import io.edgecv.edge.events.NewEvent;
import io.edgecv.edge.watchdog.Heartbeat;
import io.edgecv.video.pipeline.FrameListener;
import io.edgecv.video.pipeline.FrameResult;
import io.edgecv.video.track.DetectionBuffer;
import io.edgecv.video.track.Track;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the pipeline's results into events and heartbeats: one beat per frame result (progress the watchdog can
 * trust), a {@code DETECTION} event per detector frame with detections, {@code TRACK_APPEARED} when a confirmed
 * track id shows up and {@code TRACK_LEFT} when it is gone. Ids are {@code <device>/<session>/frame/<index>} and
 * {@code <device>/<session>/track/<id>/appeared|left}: re-processing the same file after a restart produces the same
 * ids, which the event log ignores, so a frame result is never counted twice.
 *
 * <p>Thread-safety: called by the pipeline's output thread only.
 */
final class EventingListener implements FrameListener {
    private final EventWriter writer;
    private final Heartbeat heartbeat;
    private final String prefix;
    private Map<Integer, Track> live = new HashMap<>();
    private long events;

    EventingListener(EventWriter writer, Heartbeat heartbeat, String device, String session) {
        this.writer = writer;
        this.heartbeat = heartbeat;
        this.prefix = device + "/" + session + "/";
    }

    @Override
    public void onFrame(FrameResult r) {
        if (!heartbeat.current()) {
            throw new IllegalStateException("this worker was replaced after a hang; not publishing frame "
                    + r.index());
        }
        long now = System.currentTimeMillis();
        if (r.detected() && !r.detections().isEmpty()) {
            submit(new NewEvent(prefix + "frame/" + r.index(), EventType.DETECTION, now, detections(r)));
        }
        Map<Integer, Track> next = new HashMap<>();
        for (Track t : r.tracks().toList()) { // snapshots: kept past this call in 'live'
            next.put(t.id(), t);
            if (!live.containsKey(t.id())) {
                submit(new NewEvent(prefix + "track/" + t.id() + "/appeared", EventType.TRACK_APPEARED, now,
                        track(t, r.index())));
            }
        }
        Set<Integer> gone = new HashSet<>(live.keySet());
        gone.removeAll(next.keySet());
        for (int id : gone) {
            submit(new NewEvent(prefix + "track/" + id + "/left", EventType.TRACK_LEFT, now,
                    track(live.get(id), r.index())));
        }
        live = next;
        heartbeat.beat();
    }

    private void submit(NewEvent e) {
        writer.submit(e);
        events++;
    }

    long events() {
        return events;
    }

    private static String detections(FrameResult r) {
        StringBuilder b = new StringBuilder(64 + 96 * r.detections().size());
        b.append("{\"frame\":").append(r.index()).append(",\"detections\":[");
        DetectionBuffer d = r.detections();
        for (int i = 0; i < d.size(); i++) {
            b.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"label\":%s,\"score\":%.3f,\"box\":[%.1f,%.1f,%.1f,%.1f]}", quote(d.label(i)), d.score(i),
                    d.left(i), d.top(i), d.right(i), d.bottom(i)));
        }
        return b.append("]}").toString();
    }

    private static String track(Track t, long frame) {
        return String.format(Locale.ROOT, "{\"track\":%d,\"label\":%s,\"frame\":%d,\"box\":[%.1f,%.1f,%.1f,%.1f]}",
                t.id(), quote(t.label()), frame, t.box().left(), t.box().top(), t.box().right(), t.box().bottom());
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
