/**
 * Frame sources: video files, network streams and V4L2 cameras through FFmpeg (JavaCV), image folders and raw
 * frames on stdin, all delivering packed BGR {@link io.edgecv.video.source.Frame}s into reused buffers; live
 * sources keep only the newest frame ({@link io.edgecv.video.source.LatestFrameSource}).
 */
package io.edgecv.video.source;
