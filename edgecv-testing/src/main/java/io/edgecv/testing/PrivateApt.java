package io.edgecv.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private apt configuration in the cache: the machine's own package sources (read from
 * {@code /etc/apt/sources.list} and {@code /etc/apt/sources.list.d}), each also as {@code deb-src}, with package
 * lists kept in the cache. It lets {@code apt-get download} and {@code apt-get source} work without root, without
 * touching the system's configuration, and on a machine whose lists were never fetched. Used through the
 * {@code APT_CONFIG} environment variable.
 *
 * <p>Thread-safety: callers serialise {@link #update()} through the cache lock.
 */
final class PrivateApt {
    private static final Path ETC = Path.of("/etc/apt");
    private static final Duration FRESH = Duration.ofHours(12);
    private final Path dir;

    /** @param dir the folder holding the configuration and lists */
    PrivateApt(Path dir) {
        this.dir = dir;
    }

    /** @return whether apt-get is installed and the machine has package sources to copy */
    boolean usable() {
        return Files.isExecutable(Path.of("/usr/bin/apt-get")) && (Files.isRegularFile(ETC.resolve("sources.list"))
                || Files.isDirectory(ETC.resolve("sources.list.d")));
    }

    /** @return the environment that makes apt use this configuration */
    Map<String, String> env() {
        return Map.of("APT_CONFIG", dir.resolve("apt.conf").toString());
    }

    /**
     * Writes the configuration and fetches the package lists, unless they were fetched in the last 12 hours.
     *
     * @throws IOException if apt-get fails
     */
    void update() throws IOException {
        Path stamp = dir.resolve("updated");
        if (Files.isRegularFile(stamp) && Files.getLastModifiedTime(stamp).toInstant()
                .isAfter(Instant.now().minus(FRESH))) {
            return;
        }
        Files.createDirectories(dir.resolve("sources.list.d"));
        Files.createDirectories(dir.resolve("state/lists/partial"));
        Files.createDirectories(dir.resolve("cache/archives/partial"));
        Files.writeString(dir.resolve("sources.list"), String.join("\n", listEntries()) + "\n");
        try (var parts = Files.list(dir.resolve("sources.list.d"))) {
            for (Path p : parts.toList()) {
                Files.delete(p);
            }
        }
        if (Files.isDirectory(ETC.resolve("sources.list.d"))) {
            try (var parts = Files.list(ETC.resolve("sources.list.d"))) {
                for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".sources")).toList()) {
                    Files.writeString(dir.resolve("sources.list.d").resolve(p.getFileName()),
                            Files.readString(p).replaceAll("(?m)^Types:.*$", "Types: deb deb-src"));
                }
            }
        }
        StringBuilder conf = new StringBuilder()
                .append("Dir::Etc::SourceList \"").append(dir.resolve("sources.list")).append("\";\n")
                .append("Dir::Etc::SourceParts \"").append(dir.resolve("sources.list.d")).append("\";\n")
                .append("Dir::State \"").append(dir.resolve("state")).append("\";\n")
                .append("Dir::Cache \"").append(dir.resolve("cache")).append("\";\n")
                .append("Debug::NoLocking \"true\";\n");
        if ("root".equals(System.getProperty("user.name"))) {
            // apt's sandbox user cannot write into a private cache under /root; nothing is installed here
            conf.append("APT::Sandbox::User \"root\";\n");
        }
        Files.writeString(dir.resolve("apt.conf"), conf, StandardCharsets.UTF_8);
        Commands.run(dir, env(), List.of("apt-get", "update", "-qq"));
        Files.writeString(stamp, Instant.now().toString());
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now()));
    }

    private static List<String> listEntries() throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(ETC.resolve("sources.list"))) {
            files.add(ETC.resolve("sources.list"));
        }
        if (Files.isDirectory(ETC.resolve("sources.list.d"))) {
            try (var parts = Files.list(ETC.resolve("sources.list.d"))) {
                parts.filter(p -> p.getFileName().toString().endsWith(".list")).sorted().forEach(files::add);
            }
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                String s = line.strip();
                if (s.startsWith("deb ") || s.startsWith("deb\t")) {
                    out.add(s);
                    out.add("deb-src" + s.substring(3));
                }
            }
        }
        return out;
    }
}
