/**
 * Video pipelines on top of {@link io.edgecv.Detector}: frame sources, pipelined detection, frame skipping,
 * tracking and annotated output.
 */
package io.edgecv.video;
