/**
 * Keeping the inference worker alive: the worker reports progress (frames actually processed) through a
 * {@link io.edgecv.edge.watchdog.Heartbeat}; a {@link io.edgecv.edge.watchdog.Supervisor} restarts it when it crashes
 * or makes no progress within the hang timeout, with exponential backoff, and stops with a crash-loop report when it
 * keeps failing without progress. The worker runs as a thread ({@link io.edgecv.edge.watchdog.ThreadLauncher}) or,
 * since a crash in native code kills the whole JVM, as a child process
 * ({@link io.edgecv.edge.watchdog.ProcessLauncher}, heartbeats through a shared memory-mapped file). The supervisor
 * itself tells systemd it is alive through sd_notify ({@link io.edgecv.edge.watchdog.SystemdNotifier}).
 */
package io.edgecv.edge.watchdog;
