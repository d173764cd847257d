/**
 * The edge runtime: what a detector needs to run unattended for months on a Raspberry Pi or a Jetson.
 *
 * <ul>
 *   <li>{@link io.edgecv.edge.thermal}: temperatures from sysfs, hwmon and {@code vcgencmd}, and the linear throttle
 *       policy with hysteresis that a pipeline obeys through {@link io.edgecv.edge.FrameGate};</li>
 *   <li>{@link io.edgecv.edge.power}: watts from RAPL, the Jetson INA3221 rails or the Pi 5 PMIC, and FPS per watt;</li>
 *   <li>{@link io.edgecv.edge.watchdog}: progress heartbeats, restarts with backoff, crash-loop detection, a child
 *       process supervisor and sd_notify;</li>
 *   <li>{@link io.edgecv.edge.events}: the SQLite outbox, the one source of truth for events;</li>
 *   <li>{@link io.edgecv.edge.sync}: batch delivery of the outbox over MQTT (QoS 1) or HTTP, de-duplicated by id.</li>
 * </ul>
 */
package io.edgecv.edge;
