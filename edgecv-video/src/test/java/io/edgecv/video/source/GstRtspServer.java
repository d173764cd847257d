package io.edgecv.video.source;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server: GStreamer's (Debian {@code gir1.2-gst-rtsp-server-1.0}), driven from Debian's Python through
 * {@code python3-gi} by a small launcher ({@code rtsp_server.py}, written to a temporary folder). It serves one video
 * file at {@code rtsp://127.0.0.1:<port>/video} as RTP/JPEG at the file's own frame rate, on a free loopback port,
 * and reports each client's connect and close on its output. Tests using it skip, saying what to install, where
 * the server or a GStreamer plugin is missing.
 */
final class GstRtspServer implements AutoCloseable {
    static final String INSTALL = "apt-get install -y --no-install-recommends python3-gi gir1.2-gst-rtsp-server-1.0"
            + " gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav";
    private static final Path PYTHON = Path.of("/usr/bin/python3"); // Debian's, where python3-gi installs

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;

    private GstRtspServer(Process process) throws IOException, InterruptedException {
        this.process = process;
        Thread reader = new Thread(() -> readLines(process.getInputStream()), "rtsp-server-output");
        reader.setDaemon(true);
        reader.start();
        String first = lines.poll(30, TimeUnit.SECONDS);
        if (first != null && first.startsWith("missing:")) {
            close();
            String why = "GStreamer's RTSP server is not installed (" + first + "); install it with: " + INSTALL;
            System.err.println("RtspStreamSourceTest skipped: " + why);
            assumeTrue(false, why);
        }
        if (first == null || !first.startsWith("listening ")) {
            close();
            throw new IOException("the RTSP server did not start within 30 s: " + first);
        }
        port = Integer.parseInt(first.substring("listening ".length()).trim());
    }

    /**
     * Starts the server for {@code video}, or skips the calling test when it is not installed.
     *
     * @param video the file to serve
     * @param dir a temporary folder for the launcher
     */
    static GstRtspServer start(Path video, Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            String why = PYTHON + " not found: the RTSP test needs Debian's python3 with GStreamer's RTSP server;"
                    + " install it with: " + INSTALL;
            System.err.println("RtspStreamSourceTest skipped: " + why);
            assumeTrue(false, why);
        }
        Path launcher = dir.resolve("rtsp_server.py");
        try (InputStream in = GstRtspServer.class.getResourceAsStream("rtsp_server.py")) {
            Files.copy(in, launcher);
        }
        Process p = new ProcessBuilder(PYTHON.toString(), launcher.toString(), video.toString(), "0")
                .redirectErrorStream(true).start();
        return new GstRtspServer(p);
    }

    private void readLines(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException ended) {
            // the process was stopped
        }
    }

    /** @return the stream's URL */
    String url() {
        return "rtsp://127.0.0.1:" + port + "/video";
    }

    /**
     * Waits for a line of the server's output that starts with {@code prefix}, skipping the others.
     *
     * @return false if none came within the timeout
     */
    boolean awaitLine(String prefix, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
