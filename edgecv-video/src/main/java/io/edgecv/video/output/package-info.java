/**
 * Outputs of a tracking run: an annotated video (FFmpeg), JSON lines per frame and MOTChallenge tracks, combined in
 * {@link io.edgecv.video.output.VideoOutputs}.
 */
package io.edgecv.video.output;
