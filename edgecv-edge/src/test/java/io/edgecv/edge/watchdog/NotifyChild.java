package io.edgecv.edge.watchdog;

/** Sends READY, WATCHDOG and STATUS through {@link SystemdNotifier} from a fresh JVM (NOTIFY_SOCKET is read once). */
public final class NotifyChild {
    private NotifyChild() {
    }

    public static void main(String[] args) {
        SystemdNotifier n = SystemdNotifier.create();
        System.out.println("available=" + n.available());
        n.ready();
        n.watchdog();
        n.status("processing 30 fps");
    }
}
