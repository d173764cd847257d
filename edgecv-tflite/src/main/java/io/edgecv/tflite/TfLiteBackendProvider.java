package io.edgecv.tflite;

import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.ModelSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.tensorflowlite.global.tensorflowlite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TensorFlow Lite ({@code org.bytedeco:tensorflow-lite}, with XNNPACK) as an EdgeCV backend, named
 * {@code tflite}, for {@code .tflite} models. Every file is checked by a pure-Java verifier before TensorFlow Lite
 * reads it, then (by default) loaded once in a separate probe JVM, so a corrupt or hostile file is refused with
 * {@link InvalidModelException} and cannot crash this JVM.
 *
 * <p>Properties ({@link io.edgecv.DetectorBuilder#optBackendProperty}):
 * <ul>
 *   <li>{@code tflite.num_threads}: interpreter and XNNPACK threads (default: the thread count given to the
 *       builder, or all available processors).</li>
 *   <li>{@code tflite.xnnpack}: {@code true} (default) runs supported operators through the XNNPACK delegate;
 *       {@code false} uses the reference CPU kernels only.</li>
 *   <li>{@code tflite.xnnpack.qu8}: {@code true} lets XNNPACK also run unsigned 8-bit quantized operators
 *       (default false: signed 8-bit only).</li>
 *   <li>{@code tflite.allow_fp16}: {@code true} lets kernels that support it compute float32 operators in
 *       float16 (default false).</li>
 *   <li>{@code tflite.probe}: {@code process} (default) loads and runs each new model once in a child JVM
 *       first; {@code none} skips that for files you trust.</li>
 *   <li>{@code tflite.probe.timeout_ms}: how long the probe may take (default 120000).</li>
 * </ul>
 *
 * <p>Thread-safety: thread-safe.
 */
public final class TfLiteBackendProvider implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "tflite";

    private static final Logger LOG = LoggerFactory.getLogger(TfLiteBackendProvider.class);

    /** Cheap: touches no native code. */
    public TfLiteBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ModelFormat> formats() {
        return Set.of(ModelFormat.TFLITE);
    }

    /** @return 110: TFLite with XNNPACK runs these models faster than ONNX Runtime on CPU */
    @Override
    public int priority() {
        return 110;
    }

    @Override
    public Availability availability() {
        try {
            Loader.load(tensorflowlite.class);
            return Availability.available();
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError, ...
            if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) {
                throw (VirtualMachineError) e;
            }
            return Availability.unavailable("TensorFlow Lite's native library did not load on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (" + e
                    + "); add the natives of this platform: org.bytedeco:tensorflow-lite:"
                    + "2.21.0-1.5.14 with classifier " + platformGuess()
                    + " (edgecv-tflite brings linux-x86_64 and linux-arm64), or depend on"
                    + " org.bytedeco:tensorflow-lite-platform and choose platforms with -Djavacpp.platform");
        }
    }

    private static String platformGuess() {
        try {
            return Loader.getPlatform();
        } catch (Throwable e) {
            return "<os>-<arch>";
        }
    }

    /** @return the TensorFlow Lite version, such as {@code 2.21.0} */
    static String runtimeVersion() {
        try {
            return tensorflowlite.TfLiteVersion().getString();
        } catch (Throwable e) {
            return "2.21.0";
        }
    }

    @Override
    public BackendSession open(ModelSource model, BackendOptions options) throws EdgeCvException {
        if (model.format() != ModelFormat.TFLITE) {
            throw new InvalidModelException(model.name() + " is not a TFLite model (its first bytes say "
                    + model.format() + "); the tflite backend opens .tflite files only");
        }
        TfLiteOptions o = TfLiteOptions.parse(options);
        byte[] bytes = model.bytes();
        VerifiedModel verified = TfLiteModelVerifier.verify(bytes, model.name());
        if (o.probe) {
            ModelProbe.check(bytes, model.path().orElse(null), model.name(), o);
        }
        ShapeCheck.check(bytes, model.name(), verified);
        NativeInterpreter ni = NativeInterpreter.create(bytes, model.name(), o);
        try {
            TfLiteSession session = TfLiteSession.of(ni, metadata(verified, bytes));
            LOG.debug("TFLite {} opened {} ({}), operators {}", runtimeVersion(), model.name(), o,
                    verified.operators());
            return session;
        } catch (EdgeCvException | RuntimeException e) {
            ni.close();
            throw e;
        }
    }

    /** Model description, operators and short text metadata entries (such as min_runtime_version). */
    private static Map<String, String> metadata(VerifiedModel v, byte[] bytes) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!v.description().isEmpty()) {
            m.put("tflite.description", v.description());
        }
        m.put("tflite.operators", String.join(",", v.operators()));
        for (Map.Entry<String, Integer> e : v.metadataBuffers().entrySet()) {
            String text = v.bufferText(bytes, e.getValue());
            if (text != null) {
                m.put(e.getKey(), text);
            }
        }
        return m;
    }
}
