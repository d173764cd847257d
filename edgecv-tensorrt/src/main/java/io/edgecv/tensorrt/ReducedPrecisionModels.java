package io.edgecv.tensorrt;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.quantize.ActivationType;
import io.edgecv.quantize.CalibrationMethod;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationMode;
import io.edgecv.quantize.QuantizationReport;
import io.edgecv.quantize.Quantizer;
import io.edgecv.quantize.Quantizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FP16 and INT8 versions of a float32 ONNX model, made with the EdgeCV quantizer ({@link Quantizers}) because
 * TensorRT 11 builds only what the model's types say: it removed the {@code kFP16}/{@code kINT8} builder flags and
 * the INT8 calibrators ({@code IInt8EntropyCalibrator2} and kin are gone from the 11.2 bindings). The INT8 model is
 * the explicit-quantization form TensorRT documents as the replacement: QuantizeLinear/DequantizeLinear pairs with
 * symmetric int8 activations and float32 biases, their ranges chosen by MinMax calibration (as
 * {@code IInt8MinMaxCalibrator} did) on photos fed through the model's own preprocessing; the quantizer refuses a
 * model whose detections on those photos no longer agree with float32. The converted model is kept in the cache
 * folder, keyed by the model's SHA-256 and, for INT8, by the calibration set, so calibration runs once, like a
 * calibration cache.
 *
 * <p>Thread-safety: stateless; callers hold the engine cache's build lock for the model.
 */
final class ReducedPrecisionModels {
    private static final Logger LOG = LoggerFactory.getLogger(ReducedPrecisionModels.class);

    private ReducedPrecisionModels() {
    }

    /**
     * @param images calibration photos
     * @return hex SHA-256 over each photo's absolute path, size and modification time (cheap, and changes when the
     *         set or any file in it changes); {@code none} for an empty list
     * @throws IOException if a photo cannot be read
     */
    static String calibrationDigest(List<Path> images) throws IOException {
        if (images.isEmpty()) {
            return "none";
        }
        MessageDigest md = EngineCacheKey.digest();
        for (Path p : images) {
            String line = p.toAbsolutePath().normalize() + "|" + Files.size(p) + "|"
                    + Files.getLastModifiedTime(p).toMillis() + "\n";
            md.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * @param baseName the model file's name without extension
     * @param modelSha256 the float32 model's SHA-256
     * @param precision {@link Precision#FP16} or {@link Precision#INT8}
     * @param calibrationDigest for INT8, the calibration set's digest
     * @return the converted model's file name
     */
    static String fileName(String baseName, String modelSha256, Precision precision, String calibrationDigest) {
        return EngineCache.safeName(baseName) + "-" + modelSha256.substring(0, 16) + "-" + precision.key()
                + (precision == Precision.INT8 ? "-" + calibrationDigest.substring(0, 16) : "") + ".onnx";
    }

    /**
     * Returns the FP16 or INT8 version of a float32 model, converting it unless an earlier conversion is in
     * {@code dir}.
     *
     * @param model the float32 model file
     * @param baseName its name without extension
     * @param modelSha256 its SHA-256
     * @param precision {@link Precision#FP16} or {@link Precision#INT8}
     * @param calibrationImages photos for INT8
     * @param calibrationDigest their digest
     * @param dir where converted models are kept
     * @return the converted model file
     * @throws io.edgecv.BackendUnavailableException if no ONNX quantizer is on the class path
     * @throws EdgeCvException if the quantizer fails or the file cannot be written
     */
    static Path convert(Path model, String baseName, String modelSha256, Precision precision,
                        List<Path> calibrationImages, String calibrationDigest, Path dir) throws EdgeCvException {
        Path out = dir.resolve(fileName(baseName, modelSha256, precision, calibrationDigest));
        if (Files.isRegularFile(out)) {
            LOG.info("using the {} model converted earlier: {}", precision.key(), out);
            return out;
        }
        Quantizer quantizer = Quantizers.forFormat(ModelFormat.ONNX);
        QuantizationConfig config = precision == Precision.FP16
                ? QuantizationConfig.builder().optMode(QuantizationMode.FP16).optKeepIoFloat32(true).build()
                : QuantizationConfig.builder().optMode(QuantizationMode.STATIC_INT8)
                        .optActivationType(ActivationType.INT8_SYMMETRIC)
                        // MinMax: TensorRT's entropy search (kept for its zero spike) clips ReLU6 outputs so hard
                        // that the SSD fixture lost every detection; MinMax kept mAP@0.5 0.88 (QUANTIZATION.md)
                        .optCalibrationMethod(CalibrationMethod.MINMAX)
                        .optCalibrationImages(calibrationImages).build();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
            LOG.info("converting {} to {} with the {} quantizer{} (once; kept as {})", model.getFileName(),
                    precision.key(), quantizer.name(), precision == Precision.INT8
                            ? ", calibrating on " + calibrationImages.size() + " photos" : "", out);
            QuantizationReport report = quantizer.quantize(model, tmp, config);
            LOG.info("{}", report);
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
            return out;
        } catch (IOException e) {
            throw new EdgeCvException("cannot write the " + precision.key() + " model " + out + ": "
                    + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    LOG.debug("could not remove {}: {}", tmp, e.getMessage());
                }
            }
        }
    }
}
