package io.edgecv.examples.assets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches packages from public registries through their own clients, named by package spec only: npm packages
 * with {@code npm pack}, Debian packages with {@code apt-get download}. No registry address is written here; the
 * clients use the machine's configuration.
 *
 * <p>Thread-safety: stateless.
 */
public final class PackageFetcher {
    private PackageFetcher() {
    }

    /**
     * @param spec an npm package spec such as {@code @mediapipe/objectron@0.4.1675468480}
     * @param into folder the tarball is written to
     * @return the tarball
     * @throws IOException if npm is missing or fails
     */
    public static Path npmPack(String spec, Path into) throws IOException {
        Files.createDirectories(into);
        String out = run(into, List.of("npm", "pack", "--silent", spec), "npm (Node.js) is needed to fetch " + spec);
        String name = out.strip().lines().reduce((a, b) -> b).orElse("");
        Path tgz = into.resolve(name);
        if (name.isEmpty() || !Files.isRegularFile(tgz)) {
            throw new IOException("npm pack " + spec + " printed '" + out.strip() + "' but wrote no tarball");
        }
        return tgz;
    }

    /**
     * @param pkg a Debian package name such as {@code darknet}
     * @param into folder the package is unpacked into
     * @return the folder holding the unpacked files
     * @throws IOException if apt-get or dpkg-deb is missing or fails
     */
    public static Path debianPackage(String pkg, Path into) throws IOException {
        Files.createDirectories(into);
        run(into, List.of("apt-get", "download", pkg), "apt-get (Debian/Ubuntu) is needed to fetch " + pkg);
        Path deb;
        try (var files = Files.list(into)) {
            deb = files.filter(p -> p.getFileName().toString().startsWith(pkg + "_")
                    && p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download " + pkg + " wrote no .deb"));
        }
        Path root = into.resolve("root");
        run(into, List.of("dpkg-deb", "-x", deb.toString(), root.toString()), "dpkg-deb is needed to unpack " + pkg);
        return root;
    }

    private static String run(Path dir, List<String> command, String missing) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(missing + ": " + e.getMessage(), e);
        }
        try {
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 10 minutes");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
