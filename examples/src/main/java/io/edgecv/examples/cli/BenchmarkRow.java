package io.edgecv.examples.cli;

/**
 * One line of the {@code edgecv benchmark} report: a model on a backend at a thread count. Thread-safety:
 * immutable.
 *
 * @param model model file name
 * @param backend backend name
 * @param format model format ({@code ONNX}, {@code TFLITE}, ...)
 * @param precision {@code FP32}, {@code FP16} or {@code INT8}
 * @param threads intra-op threads (0 = runtime default)
 * @param sizeMb model size on disk in MB (with an NCNN {@code .bin})
 * @param map50 mAP@0.5 against the FP32 ONNX reference's detections on the same images; NaN when there is no
 *              reference
 * @param matched reference boxes matched (IoU 0.5, same class) out of {@code referenceBoxes}
 * @param referenceBoxes boxes the reference found; 0 when there is no reference
 * @param reference the reference's model file and backend, or {@code ""}
 * @param latency the timed runs
 * @param watts average power of the power source during the timed runs (whole package or board, not only the
 *              detector); NaN when this machine has no power source
 */
record BenchmarkRow(String model, String backend, String format, String precision, int threads, double sizeMb,
                    double map50, int matched, int referenceBoxes, String reference, LatencyStats latency,
                    double watts) {
    /** @return frames per second per watt, NaN without a power source */
    double fpsPerWatt() {
        return Double.isNaN(watts) ? Double.NaN : latency.fps() / watts;
    }

    /** @return the series name in the chart: backend, and the thread count */
    String series() {
        return backend + " " + threads + "t";
    }
}
