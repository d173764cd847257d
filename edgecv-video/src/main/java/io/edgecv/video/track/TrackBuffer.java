package io.edgecv.video.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The tracks a tracker reports at one frame, as primitive columns reused frame after frame: id, state, box (the
 * Kalman filter's estimate), the score, class and label of the last detection matched, the last detection frame and
 * whether the box is a prediction. Trackers fill it ({@link Tracker#update(DetectionBuffer, long, TrackBuffer)},
 * {@link Tracker#predict(long, TrackBuffer)}) in id order, and outputs read it by index without an object per
 * track. {@link #track(int)} and {@link #toList()} give immutable {@link Track} snapshots for keeping.
 *
 * <p>Thread-safety: not thread-safe. A buffer the pipeline hands out is valid until the pipeline reuses it (see
 * {@code FrameResult}); keep a {@link #copy()} or {@link #toList()} instead.
 */
public final class TrackBuffer extends BoxColumns {
    private int[] ids;
    private TrackState[] states;
    private long[] lastDetection;
    private boolean[] predicted;
    private long frameIndex = -1;

    /** An empty buffer with room for 16 tracks (it grows). */
    public TrackBuffer() {
        this(16);
    }

    /**
     * @param capacity tracks it holds before growing, at least 1
     */
    public TrackBuffer(int capacity) {
        super(capacity);
        ids = new int[capacity];
        states = new TrackState[capacity];
        lastDetection = new long[capacity];
        predicted = new boolean[capacity];
    }

    /**
     * Empties the buffer for the tracks of one frame.
     *
     * @param frame the frame the tracks will be for
     */
    public void begin(long frame) {
        clear();
        frameIndex = frame;
    }

    /** @return the frame these tracks are for (the index given to {@code update} or {@code predict}), or -1 */
    public long frameIndex() {
        return frameIndex;
    }

    /**
     * @param i entry
     * @return its track id
     */
    public int id(int i) {
        return ids[check(i)];
    }

    /**
     * @param i entry
     * @return its lifecycle state at {@link #frameIndex()}
     */
    public TrackState state(int i) {
        return states[check(i)];
    }

    /**
     * @param i entry
     * @return the last frame at which a detection was matched to it
     */
    public long lastDetectionFrame(int i) {
        return lastDetection[check(i)];
    }

    /**
     * @param i entry
     * @return true when its box is the motion model's prediction (a skipped or missed frame)
     */
    public boolean predicted(int i) {
        return predicted[check(i)];
    }

    /**
     * Appends a track, for {@link Tracker} implementations outside this package.
     *
     * @param t a snapshot for this buffer's frame
     */
    public void add(Track t) {
        Objects.requireNonNull(t, "track");
        Box b = t.box();
        int i = append(b.left(), b.top(), b.right(), b.bottom(), t.score(), t.classId(), t.label());
        fill(i, t.id(), t.state(), t.lastDetectionFrame(), t.predicted());
    }

    /** Appends a tracker's record of a track as it stands. */
    void add(KalmanTrack t, TrackState state, boolean isPredicted) {
        int i = append(t.left(), t.top(), t.right(), t.bottom(), t.score, t.classId, t.label);
        fill(i, t.id, state, t.lastDetectionFrame, isPredicted);
    }

    private void fill(int i, int id, TrackState state, long lastDetectionFrame, boolean isPredicted) {
        ids[i] = id;
        states[i] = state;
        lastDetection[i] = lastDetectionFrame;
        predicted[i] = isPredicted;
    }

    /**
     * @param i entry
     * @return an immutable snapshot of it
     */
    public Track track(int i) {
        return new Track(id(i), state(i), new Box(left(i), top(i), right(i), bottom(i)), score(i), classId(i),
                label(i), frameIndex, lastDetectionFrame(i), predicted(i));
    }

    /** @return immutable snapshots of every entry, in order (by id); an unmodifiable list */
    public List<Track> toList() {
        List<Track> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(track(i));
        }
        return Collections.unmodifiableList(out);
    }

    /** @return a new buffer with the same entries, for keeping past the pipeline's reuse of this one */
    public TrackBuffer copy() {
        TrackBuffer c = new TrackBuffer(Math.max(1, size()));
        c.frameIndex = frameIndex;
        for (int i = 0; i < size(); i++) {
            int j = c.append(left(i), top(i), right(i), bottom(i), score(i), classId(i), label(i));
            c.fill(j, ids[i], states[i], lastDetection[i], predicted[i]);
        }
        return c;
    }

    @Override
    public void clear() {
        Arrays.fill(states, 0, size(), null);
        super.clear();
    }

    @Override
    void grow(int capacity) {
        super.grow(capacity);
        ids = Arrays.copyOf(ids, capacity);
        states = Arrays.copyOf(states, capacity);
        lastDetection = Arrays.copyOf(lastDetection, capacity);
        predicted = Arrays.copyOf(predicted, capacity);
    }

    @Override
    public String toString() {
        return size() + " tracks at frame " + frameIndex;
    }
}
