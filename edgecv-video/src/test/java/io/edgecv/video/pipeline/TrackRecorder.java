package io.edgecv.video.pipeline;

import io.edgecv.video.track.Track;
import java.util.ArrayList;
import java.util.List;

/** Keeps every frame's sequence number, detector flag and tracks, for tests. */
final class TrackRecorder implements FrameListener {
    final List<Long> sequences = new ArrayList<>();
    final List<Long> indices = new ArrayList<>();
    final List<Boolean> detected = new ArrayList<>();
    final List<List<Track>> tracks = new ArrayList<>();
    final List<Integer> detections = new ArrayList<>();
    final List<List<io.edgecv.Detection>> boxes = new ArrayList<>();

    @Override
    public void onFrame(FrameResult r) {
        sequences.add(r.sequence());
        indices.add(r.index());
        detected.add(r.detected());
        tracks.add(r.tracks().toList());
        detections.add(r.detections().size());
        boxes.add(r.detections().toList());
    }
}
