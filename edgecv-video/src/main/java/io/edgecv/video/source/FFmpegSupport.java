package io.edgecv.video.source;

import java.util.Locale;

/**
 * Whether FFmpeg's native libraries (the {@code org.bytedeco:ffmpeg} preset) load on this machine. EdgeCV ships
 * them for linux-x86_64 and linux-arm64; elsewhere, or when the natives jar was left out of the classpath, FFmpeg
 * sources and the video writer report themselves unavailable with this message instead of failing later.
 *
 * <p>Thread-safety: thread-safe; the check runs once.
 */
public final class FFmpegSupport {
    private static volatile String problem;
    private static volatile boolean checked;

    private FFmpegSupport() {
    }

    /** @return null when FFmpeg loads, otherwise why not and what to install */
    public static synchronized String problem() {
        if (!checked) {
            problem = load();
            checked = true;
        }
        return problem;
    }

    /** @return whether FFmpeg's natives load */
    public static boolean available() {
        return problem() == null;
    }

    /**
     * @throws SourceUnavailableException naming what to install if FFmpeg's natives do not load
     */
    public static void require() throws SourceUnavailableException {
        String p = problem();
        if (p != null) {
            throw new SourceUnavailableException(p);
        }
    }

    private static String load() {
        String platform = System.getProperty("os.name", "?").toLowerCase(Locale.ROOT) + "-"
                + System.getProperty("os.arch", "?");
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
            org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
            org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
            org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
            // FFmpeg prints stream banners and option notes at info level on stderr; keep errors only
            org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
            return null;
        } catch (NoClassDefFoundError e) {
            return "FFmpeg is not on the classpath (" + e.getMessage() + "): add the Maven artifacts"
                    + " org.bytedeco:javacv and org.bytedeco:ffmpeg (edgecv-video brings them)";
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
            return "FFmpeg's native libraries do not load on " + platform + " (" + e.getMessage() + "): EdgeCV"
                    + " ships org.bytedeco:ffmpeg natives for linux-x86_64 and linux-arm64 only; on another platform"
                    + " add the org.bytedeco:ffmpeg jar with the classifier of your platform";
        }
    }
}
