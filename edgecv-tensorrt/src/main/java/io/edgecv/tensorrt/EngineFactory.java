package io.edgecv.tensorrt;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a serialized engine for a model and opens a {@link TensorRtSession} on it:
 * <ul>
 *   <li>a {@code .engine}/{@code .plan} file is deserialized as it is, after checking the sidecar EdgeCV writes
 *       beside its cached engines, if there is one (device, TensorRT version, size, SHA-256);</li>
 *   <li>an ONNX model is looked up in the {@link EngineCache} under its {@link EngineCacheKey}; on a miss it is built
 *       (converted to FP16 or INT8 first if the precision asks for it), stored, and run.</li>
 * </ul>
 * The engine cache's build lock is held from lookup to store, so concurrent opens of one model build it once.
 *
 * <p>Thread-safety: stateless.
 */
final class EngineFactory {
    private static final Logger LOG = LoggerFactory.getLogger(EngineFactory.class);

    private EngineFactory() {
    }

    /**
     * @param model an ONNX model or a serialized engine
     * @param options the parsed options
     * @param device the GPU
     * @return an open session
     * @throws EdgeCvException as {@link TensorRtBackendProvider#open}
     */
    static TensorRtSession open(ModelSource model, TensorRtOptions options, DeviceInfo device)
            throws EdgeCvException {
        return model.format() == ModelFormat.TENSORRT ? openEngine(model, options, device)
                : openOnnx(model, options, device);
    }

    private static TensorRtSession openEngine(ModelSource model, TensorRtOptions options, DeviceInfo device)
            throws EdgeCvException {
        Map<String, String> metadata = Map.of();
        try (NativeBuffer buffer = new NativeBuffer()) {
            ByteBuffer plan;
            Path file = model.path().orElse(null);
            Path sidecar = file == null ? null : EngineCache.sidecarOf(file);
            if (sidecar != null && Files.isRegularFile(sidecar)) {
                Map<String, String> stored = readSidecar(sidecar);
                EngineCacheKey here = EngineCacheKey.of("-", options, device, "-");
                List<String> diff = here.differences(stored, EngineCacheKey.DEVICE_FIELDS);
                if (!diff.isEmpty()) {
                    throw new InvalidModelException(model.name() + " was built for another GPU or TensorRT version ("
                            + String.join("; ", diff) + "); an engine runs only where it was built. Give EdgeCV the"
                            + " ONNX model and it builds and caches an engine for this GPU");
                }
                try {
                    plan = EngineCache.readVerified(file, stored, buffer);
                } catch (IOException e) {
                    throw new InvalidModelException(model.name() + " does not match its sidecar " + sidecar + ": "
                            + e.getMessage(), e);
                }
                metadata = metadataOf(stored);
            } else if (file != null) {
                plan = readFile(file, buffer);
            } else {
                byte[] bytes = model.bytes();
                plan = buffer.apply(bytes.length);
                plan.put(bytes).flip();
            }
            return TensorRtSession.open(buffer.pointer(), plan.limit(), model.name(), metadata, options, device);
        }
    }

    private static ByteBuffer readFile(Path file, LongFunction<ByteBuffer> allocator) throws InvalidModelException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8 || size > Integer.MAX_VALUE - 8) {
                throw new InvalidModelException(file + " has " + size + " bytes; not a TensorRT engine EdgeCV can"
                        + " load");
            }
            ByteBuffer buf = allocator.apply(size);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new InvalidModelException(file + " ended early");
                }
            }
            return buf.flip();
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static TensorRtSession openOnnx(ModelSource model, TensorRtOptions options, DeviceInfo device)
            throws EdgeCvException {
        byte[] onnx = model.bytes();
        String sha = EngineCacheKey.sha256(onnx);
        Map<String, String> metadata = OnnxMetadata.read(onnx);
        String calibration;
        try {
            calibration = ReducedPrecisionModels.calibrationDigest(options.calibrationImages());
        } catch (IOException e) {
            throw new IllegalArgumentException(TensorRtOptions.CALIBRATION_IMAGES + ": cannot read a photo: "
                    + e.getMessage(), e);
        }
        EngineCacheKey key = EngineCacheKey.of(sha, options, device, calibration);
        if (!options.cacheEnabled()) {
            return buildAndOpen(model, onnx, sha, calibration, metadata, options, device, null, null);
        }
        EngineCache cache = new EngineCache(options.cacheDir());
        EngineCache.BuildLock lock;
        try {
            lock = cache.lock(key, model.baseName());
        } catch (IOException e) {
            LOG.warn("the engine cache {} cannot be used ({}); building without caching", cache.dir(),
                    e.toString());
            return buildAndOpen(model, onnx, sha, calibration, metadata, options, device, null, null);
        }
        try (lock) {
            try (NativeBuffer buffer = new NativeBuffer()) {
                EngineCache.Lookup found = cache.lookup(key, model.baseName(), buffer);
                if (found.isHit()) {
                    LOG.info("{}: using the cached engine {}", model.name(), found.engineFile());
                    try {
                        return TensorRtSession.open(buffer.pointer(), found.engine().limit(), model.name(),
                                metadata, options, device);
                    } catch (InvalidModelException e) {
                        LOG.warn("{}: the cached engine {} did not load ({}); rebuilding it", model.name(),
                                found.engineFile(), e.getMessage());
                    }
                } else {
                    LOG.info("{}: {}", model.name(), found.missReason());
                }
            }
            return buildAndOpen(model, onnx, sha, calibration, metadata, options, device, cache, key);
        } catch (IOException e) {
            throw new EdgeCvException("cannot release the engine cache lock in " + cache.dir() + ": "
                    + e.getMessage(), e);
        }
    }

    private static TensorRtSession buildAndOpen(ModelSource model, byte[] onnx, String sha, String calibration,
                                                Map<String, String> metadata, TensorRtOptions options,
                                                DeviceInfo device, EngineCache cache, EngineCacheKey key)
            throws EdgeCvException {
        try (EngineBuilder.BuiltEngine built = build(model, onnx, sha, calibration, options, device)) {
            if (cache != null) {
                store(cache, key, model, built, metadata);
            }
            return TensorRtSession.open(built.data(), built.size(), model.name(), metadata, options, device);
        }
    }

    private static void store(EngineCache cache, EngineCacheKey key, ModelSource model,
                              EngineBuilder.BuiltEngine built, Map<String, String> metadata) {
        if (built.size() > Integer.MAX_VALUE - 8) {
            LOG.warn("{}: the engine has {} bytes, over the 2 GiB the cache stores; not cached", model.name(),
                    built.size());
            return;
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(EngineCache.S_MODEL_NAME, model.name());
        extra.put(EngineCache.S_MODEL_PRECISION, built.precision().describe());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            extra.put(EngineCache.S_META + e.getKey(), e.getValue());
        }
        try {
            Path file = cache.store(key, model.baseName(), built.bytes(), extra);
            LOG.info("{}: cached the engine as {}", model.name(), file);
        } catch (IOException e) {
            LOG.warn("{}: could not cache the engine in {} ({}); it will be built again next time", model.name(),
                    cache.dir(), e.toString());
        }
    }

    /** Builds, converting the model to FP16 or INT8 first when the precision asks for it. */
    private static EngineBuilder.BuiltEngine build(ModelSource model, byte[] onnx, String sha, String calibration,
                                                   TensorRtOptions options, DeviceInfo device)
            throws EdgeCvException {
        String path = model.path().map(p -> p.toAbsolutePath().toString()).orElse(null);
        try {
            return EngineBuilder.build(onnx, path, model.name(), options, device);
        } catch (EngineBuilder.PrecisionMismatch m) {
            Precision p = options.precision();
            if (p == Precision.FP32 || !m.found().float32Only()) {
                throw new InvalidModelException(model.name() + " computes in " + m.found() + ", which is not what "
                        + TensorRtOptions.PRECISION + "=" + p.key() + " asks for" + (p == Precision.FP32 ? ""
                        : " (EdgeCV converts float32 models only)") + "; use " + TensorRtOptions.PRECISION
                        + "=auto to run the model as it is");
            }
            if (p == Precision.INT8 && options.calibrationImages().isEmpty()) {
                throw new IllegalArgumentException(TensorRtOptions.PRECISION + "=int8: " + model.name() + " is a"
                        + " float32 model without Q/DQ nodes, and TensorRT 11 has no INT8 calibrator. Set "
                        + TensorRtOptions.CALIBRATION_IMAGES + " to a folder of 8 to a few hundred photos like those"
                        + " the model will see, and EdgeCV quantizes it (entropy calibration, symmetric int8); or"
                        + " give a Q/DQ model (EdgeCV quantizer, ONNX Runtime quantize_static with QDQ format,"
                        + " NVIDIA ModelOpt)");
            }
            return buildConverted(model, onnx, sha, calibration, options, device, p);
        }
    }

    private static EngineBuilder.BuiltEngine buildConverted(ModelSource model, byte[] onnx, String sha,
                                                            String calibration, TensorRtOptions options,
                                                            DeviceInfo device, Precision p) throws EdgeCvException {
        Path tempDir = null;
        Path written = null;
        try {
            Path dir;
            if (options.cacheEnabled()) {
                dir = options.cacheDir();
            } else {
                tempDir = Files.createTempDirectory("edgecv-trt");
                dir = tempDir;
            }
            Path source = model.path().orElse(null);
            if (source == null) { // the quantizer reads files: write the in-memory model for it, removed below
                Files.createDirectories(dir);
                written = Files.createTempFile(dir, EngineCache.safeName(model.baseName()), ".onnx");
                Files.write(written, onnx);
                source = written;
            }
            Path converted = ReducedPrecisionModels.convert(source, model.baseName(), sha, p,
                    options.calibrationImages(), calibration, dir);
            byte[] bytes = Files.readAllBytes(converted);
            try {
                return EngineBuilder.build(bytes, converted.toAbsolutePath().toString(), model.name() + " ("
                        + p.key() + ")", options, device);
            } catch (EngineBuilder.PrecisionMismatch again) {
                throw new InvalidModelException("the " + p.key() + " version of " + model.name() + " (" + converted
                        + ") still computes in " + again.found() + "; delete it to convert again, or give a model"
                        + " already in " + p.key());
            }
        } catch (IOException e) {
            throw new EdgeCvException("cannot prepare the " + p.key() + " model of " + model.name() + ": "
                    + e.getMessage(), e);
        } finally {
            deleteTree(written);
            deleteTree(tempDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.debug("could not remove {}: {}", f, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", dir, e.getMessage());
        }
    }

    private static Map<String, String> readSidecar(Path sidecar) throws InvalidModelException {
        try {
            return EngineCache.readSidecar(sidecar);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read the engine's sidecar " + sidecar + ": " + e.getMessage(),
                    e);
        }
    }

    /** @return the {@code meta.*} entries of a sidecar, without the prefix */
    static Map<String, String> metadataOf(Map<String, String> sidecar) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sidecar.entrySet()) {
            if (e.getKey().startsWith(EngineCache.S_META)) {
                out.put(e.getKey().substring(EngineCache.S_META.length()), e.getValue());
            }
        }
        return out;
    }

    /**
     * Native memory for an engine read from disk, handed to TensorRT without another copy and freed on close.
     *
     * <p>Thread-safety: not thread-safe.
     */
    static final class NativeBuffer implements LongFunction<ByteBuffer>, AutoCloseable {
        private BytePointer memory;

        @Override
        public ByteBuffer apply(long size) {
            close();
            memory = new BytePointer(size);
            return memory.asByteBuffer().order(ByteOrder.nativeOrder());
        }

        /** @return the memory last allocated */
        BytePointer pointer() {
            return memory;
        }

        @Override
        public void close() {
            if (memory != null) {
                memory.close();
                memory = null;
            }
        }
    }
}
