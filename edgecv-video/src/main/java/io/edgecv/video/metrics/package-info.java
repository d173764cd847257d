/**
 * Tracking metrics and the MOTChallenge text format: {@link io.edgecv.video.metrics.MotFormat} reads and writes
 * MOTChallenge files, {@link io.edgecv.video.metrics.MotTrackWriter} writes tracker output as it comes,
 * {@link io.edgecv.video.metrics.MotAccumulator} and {@link io.edgecv.video.metrics.MotMetrics} compute CLEAR-MOT
 * (MOTA, MOTP, FP, FN, ID switches, fragmentations) and identity metrics (IDF1, IDP, IDR) the way py-motmetrics
 * does, and {@link io.edgecv.video.metrics.MotEvaluation} compares a results file with a ground truth.
 *
 * <p>Thread-safety: results and rows are immutable; accumulators and writers are single-threaded.
 */
package io.edgecv.video.metrics;
