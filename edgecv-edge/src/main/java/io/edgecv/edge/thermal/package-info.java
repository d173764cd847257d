/**
 * Temperatures and the throttle policy: sysfs thermal zones found by type (Pi {@code cpu-thermal}, Jetson
 * CPU/GPU/SoC zones), hwmon sensors, {@code vcgencmd measure_temp} and {@code get_throttled} on a Pi; the linear
 * policy with hysteresis ({@link io.edgecv.edge.thermal.ThermalPolicy}); and a monitor that feeds a
 * {@link io.edgecv.edge.thermal.ThermalGovernor}, which a pipeline obeys as a {@link io.edgecv.edge.Throttle}.
 */
package io.edgecv.edge.thermal;
