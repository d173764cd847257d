/**
 * Power and energy: RAPL powercap counters on x86, the INA3221 rails of a Jetson (hwmon), the Pi 5 PMIC through
 * {@code vcgencmd pmic_read_adc}; a {@link io.edgecv.edge.power.PowerMeter} turns readings into average watts and
 * frames per second per watt. Where no source exists, {@link io.edgecv.edge.power.PowerSources#detect} says so and
 * why; no figure is ever estimated.
 */
package io.edgecv.edge.power;
