package io.edgecv.edge.thermal;

/**
 * The seed's linear throttle policy: full speed up to {@code warning} (75 °C), falling linearly to
 * {@code minFactor} (20%) at {@code floorAt} (85 °C), never below {@code minFactor}, and a stop at {@code critical}.
 * {@code hysteresis} (°C) is the dead band applied by {@link ThermalGovernor} so that sensor noise does not make the
 * factor oscillate; after a stop the pipeline resumes only once the temperature is below {@code warning}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param warning where throttling starts (°C)
 * @param floorAt where the factor reaches {@code minFactor} (°C), above {@code warning}
 * @param minFactor the lowest factor while running, in (0, 1]
 * @param critical where the pipeline stops (°C), at least {@code floorAt}
 * @param hysteresis dead band (°C), at least 0
 */
public record ThermalPolicy(double warning, double floorAt, double minFactor, double critical, double hysteresis) {
    /** The seed's numbers: 75 °C, 85 °C, 20%, stop at 90 °C, 2 °C dead band. */
    public static final ThermalPolicy DEFAULT = new ThermalPolicy(75, 85, 0.2, 90, 2);

    /** Checks the order of the thresholds. */
    public ThermalPolicy {
        if (!(floorAt > warning)) {
            throw new IllegalArgumentException("thermal floorAt " + floorAt + " °C must be above warning " + warning);
        }
        if (!(critical >= floorAt)) {
            throw new IllegalArgumentException("thermal critical " + critical + " °C must be at least floorAt "
                    + floorAt);
        }
        if (!(minFactor > 0 && minFactor <= 1)) {
            throw new IllegalArgumentException("thermal minFactor " + minFactor + " must be in (0, 1]");
        }
        if (!(hysteresis >= 0 && hysteresis < floorAt - warning)) {
            throw new IllegalArgumentException("thermal hysteresis " + hysteresis + " °C must be in [0, "
                    + (floorAt - warning) + ")");
        }
    }

    /**
     * The line itself, without hysteresis or stop.
     *
     * @param celsius a temperature
     * @return the factor at that temperature
     */
    public double lineFactor(double celsius) {
        if (celsius <= warning) {
            return 1.0;
        }
        if (celsius >= floorAt) {
            return minFactor;
        }
        return 1.0 - (1.0 - minFactor) * (celsius - warning) / (floorAt - warning);
    }
}
