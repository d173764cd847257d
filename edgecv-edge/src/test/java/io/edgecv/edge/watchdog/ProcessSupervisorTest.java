package io.edgecv.edge.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.edge.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker as a child JVM: a hang is SIGKILLed, a hard crash (halt, as a native abort would) restarted. */
class ProcessSupervisorTest {
    @TempDir
    Path dir;

    @Test
    void childHangsThenCrashesThenFinishes() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessLauncher launcher = new ProcessLauncher(List.of(java, "-Xmx64m", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), WorkerChild.class.getName()), Map.of(), dir);
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(500), Duration.ofSeconds(20),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)), 3);
        Supervisor s = new Supervisor(launcher, policy, e -> { }, SystemdNotifier.none());
        assertThat(s.run()).isEqualTo(Supervisor.Outcome.COMPLETED);
        assertThat(s.restarts()).extracting(Supervisor.Restart::reason).containsExactly("hang", "crash");
        assertThat(s.restarts().get(0).framesBefore()).isEqualTo(5);
        assertThat(s.restarts().get(1).detail()).startsWith("exit code 134");
        assertThat(s.totalFrames()).isEqualTo(15);
    }
}
