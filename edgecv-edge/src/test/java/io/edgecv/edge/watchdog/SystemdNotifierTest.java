package io.edgecv.edge.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sd_notify for real: a datagram socket bound by python3 (the JDK cannot bind AF_UNIX datagram sockets, which is
 * the reason for the SDNotify binding) receives what a child JVM sends with NOTIFY_SOCKET set, as systemd would.
 */
class SystemdNotifierTest {
    @TempDir
    Path dir;

    @Test
    void messagesReachTheNotifySocket() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")),
                "python3 is needed to bind the AF_UNIX datagram socket that stands in for systemd; skipped");
        Path socket = dir.resolve("notify.sock");
        Path received = dir.resolve("received.txt");
        String py = "import socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)\n"
                + "s.bind(sys.argv[1])\n"
                + "open(sys.argv[1]+'.ready','w').close()\n"
                + "s.settimeout(20)\n"
                + "out=open(sys.argv[2],'w')\n"
                + "for i in range(3):\n"
                + "    out.write(s.recv(4096).decode()+'\\n'); out.flush()\n";
        Process receiver = new ProcessBuilder("/usr/bin/python3", "-c", py, socket.toString(), received.toString())
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(Path.of(socket + ".ready")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    NotifyChild.class.getName()).redirectErrorStream(true);
            pb.environment().put("NOTIFY_SOCKET", socket.toString());
            Process child = pb.start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("available=true");
            assertThat(receiver.waitFor(20, TimeUnit.SECONDS)).as("receiver got 3 datagrams").isTrue();
            List<String> lines = Files.readAllLines(received);
            assertThat(lines).containsExactly("READY=1", "WATCHDOG=1", "STATUS=processing 30 fps");
        } finally {
            receiver.destroyForcibly();
        }
    }

    @Test
    void withoutNotifySocketItIsInert() throws IOException {
        Assumptions.assumeTrue(System.getenv("NOTIFY_SOCKET") == null, "this JVM runs under systemd");
        SystemdNotifier n = SystemdNotifier.create();
        assertThat(n.available()).isFalse();
        n.ready();
        n.watchdog();
    }
}
