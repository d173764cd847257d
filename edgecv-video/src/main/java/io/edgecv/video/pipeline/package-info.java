/**
 * Pipelined detection and tracking on video: {@link io.edgecv.video.pipeline.VideoPipeline} runs capture,
 * preprocessing, inference, decoding+tracking and output on their own threads, with double-buffered input
 * tensors ({@link io.edgecv.spi.BackendSession#openSlots}), frame skipping
 * ({@link io.edgecv.video.pipeline.SkipPolicy}) and per-stage statistics.
 */
package io.edgecv.video.pipeline;
