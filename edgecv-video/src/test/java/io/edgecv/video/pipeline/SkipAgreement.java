package io.edgecv.video.pipeline;

import io.edgecv.video.track.Track;
import java.util.List;

/** How many of a reference run's track boxes another run reproduces, frame by frame. */
final class SkipAgreement {
    private SkipAgreement() {
    }

    /**
     * @return the fraction of reference boxes (all frames) with a box in {@code other} at the same frame with IoU at
     *         least {@code iou}
     */
    static double kept(List<List<Track>> reference, List<List<Track>> other, float iou) {
        long total = 0;
        long matched = 0;
        for (int f = 0; f < reference.size(); f++) {
            for (Track r : reference.get(f)) {
                total++;
                for (Track o : other.get(f)) {
                    if (r.box().iou(o.box().left(), o.box().top(), o.box().right(), o.box().bottom()) >= iou) {
                        matched++;
                        break;
                    }
                }
            }
        }
        return total == 0 ? 0 : (double) matched / total;
    }
}
