package io.edgecv.edge.watchdog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify for a service run by systemd with {@code Type=notify} and {@code WatchdogSec=}: {@code READY=1} once the
 * worker processes frames, {@code WATCHDOG=1} while the supervisor is alive, {@code STOPPING=1} on shutdown.
 *
 * <p>The message goes over the AF_UNIX datagram socket named in {@code NOTIFY_SOCKET}; the JDK opens only stream Unix
 * sockets, so this uses the binding {@code info.faljse:SDNotify} (over JNA). Without {@code NOTIFY_SOCKET} (not under
 * systemd) or without a usable JNA, every call does nothing and {@link #available()} says so.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class SystemdNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final boolean available;

    private SystemdNotifier(boolean available) {
        this.available = available;
    }

    /** @return a notifier for this process: live under systemd, inert otherwise */
    public static SystemdNotifier create() {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return new SystemdNotifier(false);
        }
        try {
            boolean ok = info.faljse.SDNotify.SDNotify.isAvailable();
            if (!ok) {
                LOG.warn("NOTIFY_SOCKET={} is set but SDNotify could not open it; systemd will not hear from us",
                        socket);
            }
            return new SystemdNotifier(ok);
        } catch (LinkageError e) {
            LOG.warn("sd_notify unavailable (JNA could not load: {}); systemd's watchdog will not be fed", e.toString());
            return new SystemdNotifier(false);
        }
    }

    /** @return an inert notifier */
    public static SystemdNotifier none() {
        return new SystemdNotifier(false);
    }

    /** @return true when messages reach systemd */
    public boolean available() {
        return available;
    }

    /** Sends {@code READY=1}. */
    public void ready() {
        if (available) {
            info.faljse.SDNotify.SDNotify.sendNotify();
        }
    }

    /** Sends {@code WATCHDOG=1}. */
    public void watchdog() {
        if (available) {
            info.faljse.SDNotify.SDNotify.sendWatchdog();
        }
    }

    /**
     * Sends {@code STATUS=...}.
     *
     * @param status a one-line status for {@code systemctl status}
     */
    public void status(String status) {
        if (available) {
            info.faljse.SDNotify.SDNotify.sendStatus(status.replace('\n', ' '));
        }
    }

    /** Sends {@code STOPPING=1}. */
    public void stopping() {
        if (available) {
            info.faljse.SDNotify.SDNotify.sendStopping();
        }
    }
}
