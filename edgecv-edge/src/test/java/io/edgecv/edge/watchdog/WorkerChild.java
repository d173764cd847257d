package io.edgecv.edge.watchdog;

/** A worker process for {@link ProcessSupervisorTest}: generation 1 hangs, 2 dies hard, 3 finishes. */
public final class WorkerChild {
    private WorkerChild() {
    }

    public static void main(String[] args) throws Exception {
        int generation = Integer.parseInt(System.getenv(ProcessLauncher.GENERATION_ENV));
        Heartbeat hb = FileHeartbeat.fromEnvironment();
        for (int i = 0; i < 5; i++) {
            Thread.sleep(20);
            hb.beat();
        }
        if (generation == 1) {
            Thread.sleep(600_000); // hang
        } else if (generation == 2) {
            Runtime.getRuntime().halt(134); // as abort() in native code would: no shutdown hooks
        }
    }
}
