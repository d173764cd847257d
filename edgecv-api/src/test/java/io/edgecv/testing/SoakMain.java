package io.edgecv.testing;

import io.edgecv.Detector;
import io.edgecv.ImageInput;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The child program of {@link Soak#forked}: arguments {@code mode model image warmUp calls}. Modes: {@code detect}
 * (one detector, {@code calls} detections of the photo), {@code open} (open a detector, detect once, close),
 * {@code run} (one backend session, {@code calls} runs at BlazeFace's 1x3x128x128 input) and {@code session-open}
 * (open a session, run once, close): the session modes soak a backend for models no detector family decodes. Prints
 * one line
 * {@code RESULT calls rssBefore rssAfter nativeBefore nativeAfter p50Nanos p99Nanos seconds} per measured stretch
 * (two).
 */
public final class SoakMain {
    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path model = Path.of(args[1]);
        ImageInput photo = ImageInput.read(Path.of(args[2]));
        int warmUp = Integer.parseInt(args[3]);
        int calls = Integer.parseInt(args[4]);
        if (mode.equals("run") || mode.equals("session-open")) {
            SoakSession.soak(mode, model, warmUp, calls);
        } else if (mode.equals("detect")) {
            try (Detector d = Detector.builder().setModel(model).optThreads(1).build()) {
                print(Soak.measure(() -> d.detect(photo), warmUp, calls));
                print(Soak.measure(() -> d.detect(photo), 0, calls));
            }
        } else {
            Soak.Call open = () -> {
                try (Detector d = Detector.builder().setModel(model).optThreads(1).build()) {
                    d.detect(photo);
                }
            };
            print(Soak.measure(open, warmUp, calls));
            print(Soak.measure(open, 0, calls));
        }
    }

    static void print(Soak.Result r) {
        System.out.println(String.format(Locale.ROOT, "RESULT %d %d %d %d %d %d %d %.3f", r.calls(),
                r.rssBeforeBytes(), r.rssAfterBytes(), r.nativeBeforeBytes(), r.nativeAfterBytes(), r.p50Nanos(),
                r.p99Nanos(), r.seconds()));
        System.out.flush();
    }
}
