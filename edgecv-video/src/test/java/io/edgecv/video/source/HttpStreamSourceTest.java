package io.edgecv.video.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.edgecv.video.VideoFixtures;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A network stream: vtest.avi served over HTTP on loopback by the JDK's server. It opens as a live source behind
 * the latest-frame mailbox; a consumer slower than the network sees fresh frames and counts the rest as dropped.
 */
class HttpStreamSourceTest {
    @Test
    void anHttpStreamIsLiveAndDropsWhatASlowConsumerCannotTake() throws Exception {
        Path video = VideoFixtures.vtest();
        byte[] bytes = Files.readAllBytes(video);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/vtest.avi", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/x-msvideo");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try (FrameSource s = FrameSources.open("http://127.0.0.1:" + server.getAddress().getPort() + "/vtest.avi",
                null)) {
            assertThat(s.live()).isTrue();
            assertThat(s).isInstanceOf(LatestFrameSource.class);
            Frame f = new Frame();
            long last = -1;
            int taken = 0;
            while (taken < 20 && s.read(f)) {
                assertThat(f.index()).isGreaterThan(last); // always newer, never a frame twice
                assertThat(f.width()).isEqualTo(768);
                last = f.index();
                taken++;
                Thread.sleep(15); // slower than FFmpeg decodes a loopback stream (about 1 ms a frame when idle)
            }
            // an idle host decodes all 795 frames in well under a second: the stream may end before 20 are taken
            assertThat(taken).isGreaterThanOrEqualTo(10);
            assertThat(s.dropped()).isPositive();
            // every frame up to the last one taken was either taken or dropped (later ones may be dropped too)
            assertThat(taken + s.dropped()).isGreaterThanOrEqualTo(last + 1);
        } finally {
            server.stop(0);
        }
    }
}
