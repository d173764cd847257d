package io.edgecv.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches packages through the registries' own clients, named by package spec only: npm packages with
 * {@code npm pack}, Debian binary packages with {@code apt-get download}, Debian source packages with
 * {@code apt-get source --print-uris} and apt's own downloader. Nothing needs root or changes the system: npm
 * gets a private cache folder, and apt gets a private configuration ({@link PrivateApt}) when the system's
 * package lists lack a package or a {@code deb-src} entry.
 *
 * <p>Thread-safety: stateless apart from the file system; callers hold the cache lock.
 */
final class PackageFetcher {
    private static final String APT_HELPER = "/usr/lib/apt/apt-helper";

    private PackageFetcher() {
    }

    /**
     * @param spec npm package spec
     * @param dir folder the tarball is written to
     * @param npmCache npm's cache folder
     * @return the tarball
     * @throws IOException if npm is missing or fails
     */
    static Path npmPack(String spec, Path dir, Path npmCache) throws IOException {
        String out = Commands.run(dir, Map.of("npm_config_cache", npmCache.toString(),
                "npm_config_update_notifier", "false", "npm_config_fund", "false", "npm_config_audit", "false"),
                List.of("npm", "pack", "--silent", spec));
        String name = out.strip().lines().reduce((a, b) -> b).orElse("").strip();
        Path tgz = dir.resolve(name);
        if (name.isEmpty() || !Files.isRegularFile(tgz)) {
            throw new IOException("`npm pack " + spec + "` printed '" + out.strip() + "' but wrote no tarball");
        }
        return tgz;
    }

    /**
     * @param pkg Debian binary package name
     * @param dir folder the {@code .deb} is downloaded to
     * @param apt the private apt configuration, used when the system's lists lack the package
     * @param wanted entry path inside the package (no leading slash) to the file it is copied to
     * @return the entries found
     * @throws IOException if apt-get or dpkg-deb is missing or fails
     */
    static Map<String, Path> debEntries(String pkg, Path dir, PrivateApt apt, Map<String, Path> wanted)
            throws IOException {
        try {
            Commands.run(dir, Map.of(), List.of("apt-get", "download", "-q", pkg));
        } catch (Commands.Failed systemLists) {
            if (!apt.usable()) {
                throw systemLists;
            }
            // the system's package lists are missing or stale (a fresh container has none): use private ones
            apt.update();
            Commands.run(dir, apt.env(), List.of("apt-get", "download", "-q", pkg));
        }
        Path deb;
        try (var files = Files.list(dir)) {
            deb = files.filter(p -> p.getFileName().toString().startsWith(pkg + "_")
                    && p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException("`apt-get download " + pkg + "` wrote no .deb"));
        }
        Map<String, Path> found = new HashMap<>();
        Commands.stream(dir, List.of("dpkg-deb", "--fsys-tarfile", deb.toString()),
                in -> found.putAll(TarStream.extract(in, wanted)));
        return found;
    }

    /**
     * @param pkg Debian source package name
     * @param dir work folder
     * @param apt the private apt configuration (it adds the {@code deb-src} entries the system may lack)
     * @param wanted path below the upstream tree's top folder to the file it is copied to
     * @return the entries found
     * @throws IOException if apt-get, apt-helper or tar is missing or fails
     */
    static Map<String, Path> debSourceEntries(String pkg, Path dir, PrivateApt apt, Map<String, Path> wanted)
            throws IOException {
        if (!apt.usable()) {
            throw new IOException("apt-get is needed for Debian source package " + pkg);
        }
        apt.update();
        String uris = Commands.run(dir, apt.env(), List.of("apt-get", "source", "-q", "--print-uris", pkg));
        String[] orig = null;
        for (String line : uris.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 4 && f[0].startsWith("'") && f[1].contains(".orig.tar.") && !f[1].contains(".orig-")) {
                orig = f;
            }
        }
        if (orig == null) {
            throw new IOException("`apt-get source --print-uris " + pkg + "` lists no upstream tarball: "
                    + uris.strip());
        }
        Path archive = dir.resolve(orig[1]);
        // apt's own downloader, with the hash apt-get printed, from the mirror the machine's apt uses
        Commands.run(dir, apt.env(), List.of(APT_HELPER, "download-file", orig[0].replace("'", ""),
                archive.toString(), orig[3]));
        Path unpacked = Files.createDirectories(dir.resolve("src"));
        List<String> tar = new ArrayList<>(List.of("tar", "-xf", archive.toString(), "-C", unpacked.toString(),
                "--wildcards", "--no-anchored"));
        tar.addAll(wanted.keySet());
        Commands.run(dir, Map.of(), tar);
        Map<String, Path> found = new HashMap<>();
        try (var top = Files.list(unpacked)) {
            for (Path root : top.toList()) {
                for (Map.Entry<String, Path> w : wanted.entrySet()) {
                    Path p = root.resolve(w.getKey());
                    if (Files.isRegularFile(p)) {
                        Files.move(p, w.getValue());
                        found.put(w.getKey(), w.getValue());
                    }
                }
            }
        }
        return found;
    }
}
