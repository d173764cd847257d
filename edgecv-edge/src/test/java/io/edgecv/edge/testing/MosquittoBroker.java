package io.edgecv.edge.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker (Debian package {@code mosquitto}) on a free loopback port with a temporary config and a
 * persistence directory, so that a stopped and restarted broker keeps its persistent sessions and queued messages.
 * Tests using it skip, saying so, where mosquitto is not installed.
 */
public final class MosquittoBroker implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/bin/mosquitto", "/opt/homebrew/sbin/mosquitto");

    private final Path executable;
    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoBroker(Path executable, Path dir, int port) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts a broker, or skips the calling test when mosquitto is absent.
     *
     * @param dir a temporary directory for config, persistence and log
     * @return the running broker
     * @throws IOException when it cannot start
     */
    public static MosquittoBroker start(Path dir) throws IOException, InterruptedException {
        Path exe = CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(exe != null, "mosquitto is not installed (Debian: apt-get install -y mosquitto);"
                + " the MQTT tests need a real broker and are skipped");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("mosquitto-data"));
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + data + "/",
                "autosave_interval 1",
                "max_queued_messages 0",
                "max_inflight_messages 100",
                "user " + System.getProperty("user.name"),
                "log_dest stderr",
                "") );
        MosquittoBroker b = new MosquittoBroker(exe, dir, port);
        b.startProcess();
        return b;
    }

    /** Starts (again) on the same port with the same persistence. */
    public synchronized void startProcess() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(executable.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** Stops the broker with SIGTERM (it saves its persistence) and waits. */
    public synchronized void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** @return {@code tcp://127.0.0.1:<port>} */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** @return the broker's log so far */
    public String log() throws IOException {
        Path p = dir.resolve("mosquitto.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    @Override
    public void close() throws InterruptedException {
        stopProcess();
    }
}
