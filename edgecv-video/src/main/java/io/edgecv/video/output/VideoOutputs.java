package io.edgecv.video.output;

import io.edgecv.video.metrics.MotTrackWriter;
import io.edgecv.video.pipeline.FrameListener;
import io.edgecv.video.pipeline.FrameResult;
import io.edgecv.video.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The usual outputs of a tracking run behind one {@link FrameListener}: an annotated video (boxes, ids, trails),
 * JSON lines and MOTChallenge tracks, each optional. Plug it into {@link io.edgecv.video.pipeline.VideoPipeline}
 * with {@code optListener}; the writing happens on the pipeline's output thread.
 *
 * <p>Thread-safety: not thread-safe; {@link #onFrame} from one thread. {@link #close()} finishes every file and is
 * idempotent.
 */
public final class VideoOutputs implements FrameListener, AutoCloseable {
    private final AnnotatedVideoWriter video;
    private final FrameAnnotator annotator;
    private final JsonLinesWriter json;
    private final MotTrackWriter mot;
    private final FrameListener then;
    private boolean closed;

    private VideoOutputs(Builder b) throws IOException, SourceUnavailableException {
        AnnotatedVideoWriter v = null;
        JsonLinesWriter j = null;
        MotTrackWriter m = null;
        try {
            v = b.video == null ? null : new AnnotatedVideoWriter(b.video, b.frameRate);
            j = b.json == null ? null : JsonLinesWriter.open(b.json);
            m = b.mot == null ? null : MotTrackWriter.open(b.mot);
        } catch (IOException | SourceUnavailableException | RuntimeException e) {
            if (j != null) {
                j.close();
            }
            throw e;
        }
        this.video = v;
        this.annotator = v == null ? null : new FrameAnnotator();
        this.json = j;
        this.mot = m;
        this.then = b.then;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onFrame(FrameResult r) throws Exception {
        if (json != null) {
            json.write(r);
        }
        if (mot != null) {
            mot.write(r.index(), r.tracks());
        }
        if (video != null) {
            annotator.draw(r.frame(), r.tracks(), r.detections(), r.detected());
            video.write(r.frame());
        }
        if (then != null) {
            then.onFrame(r);
        }
    }

    /** @return the video encoder in use, or null (no video, or no frame yet) */
    public String videoCodec() {
        return video == null ? null : video.codec();
    }

    /**
     * Finishes the video and closes the files. Idempotent.
     *
     * @throws IOException if a file cannot be finished (the others are still closed)
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (AutoCloseable c : new AutoCloseable[] {video, json, mot}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Which outputs to write.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private Path video;
        private double frameRate;
        private Path json;
        private Path mot;
        private FrameListener then;

        private Builder() {
        }

        /**
         * @param file annotated video to write (.mp4)
         * @param frameRate its frames per second (the source's; 0 for 25)
         * @return this builder
         */
        public Builder optVideo(Path file, double frameRate) {
            this.video = file;
            this.frameRate = frameRate;
            return this;
        }

        /**
         * @param file JSON lines to write, one object per frame
         * @return this builder
         */
        public Builder optJsonLines(Path file) {
            this.json = file;
            return this;
        }

        /**
         * @param file MOTChallenge tracks to write ({@code frame,id,left,top,width,height,score,-1,-1,-1})
         * @return this builder
         */
        public Builder optMotTracks(Path file) {
            this.mot = file;
            return this;
        }

        /**
         * @param listener called after the files are written (a progress bar, say)
         * @return this builder
         */
        public Builder optThen(FrameListener listener) {
            this.then = listener;
            return this;
        }

        /**
         * @return the outputs, files created
         * @throws IOException if a file cannot be created
         * @throws SourceUnavailableException if a video is asked for and FFmpeg's natives do not load
         */
        public VideoOutputs build() throws IOException, SourceUnavailableException {
            return new VideoOutputs(this);
        }
    }
}
