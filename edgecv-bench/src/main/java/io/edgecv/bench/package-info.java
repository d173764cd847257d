/**
 * JMH benchmarks of EdgeCV: preprocessing, decoding and NMS, and whole detections per backend and model, run by
 * {@link io.edgecv.bench.BenchMain} (see the edgecv-bench README for the commands and measured figures).
 */
package io.edgecv.bench;
