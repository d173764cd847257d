package io.edgecv.edge.power;

/**
 * Average power over a measured interval.
 *
 * <p>Thread-safety: immutable.
 *
 * @param source what was measured ({@link PowerSource#describe()})
 * @param watts average watts
 * @param joules energy over the interval
 * @param seconds length of the interval
 * @param readings readings taken
 */
public record PowerSummary(String source, double watts, double joules, double seconds, int readings) {
    /**
     * @param framesPerSecond a throughput over the same interval
     * @return frames per second per watt
     */
    public double fpsPerWatt(double framesPerSecond) {
        return framesPerSecond / watts;
    }
}
