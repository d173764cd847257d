package io.edgecv.tensorrt;

import static org.bytedeco.tensorrt.global.nvonnxparser.getNvOnnxParserVersion;

import java.lang.reflect.Method;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C++ {@code delete} for the TensorRT objects the JavaCPP bindings hand out. Since TensorRT 10 removed
 * {@code destroy()}, {@code delete} is the documented way to free a builder, network, config, parser, host memory,
 * runtime, engine or execution context, but the 1.5.14 bindings attach no deallocator to the objects that
 * {@code createInferBuilder}, {@code createNetworkV2}, {@code deserializeCudaEngine} and the like return, so their
 * {@code deallocate()} does nothing (bytedeco/javacpp-presets issue 1699; confirmed in the disassembly of
 * {@code Java_org_bytedeco_tensorrt_nvinfer_IBuilder_createNetworkV2}, which only stores the address).
 *
 * <p>This class performs exactly what {@code delete p} compiles to for a class with a virtual destructor under the
 * Itanium C++ ABI used by GCC and Clang on Linux x86_64 and aarch64: read the object's vtable pointer and call the
 * deleting destructor in the given vtable slot with the object as its only argument. The call is made by JavaCPP's
 * own native deallocator ({@code Pointer.NativeDeallocator}, attached through the package-private
 * {@code Pointer.init}).
 * <ul>
 *   <li>Every TensorRT class derived from {@code nvinfer1::INoCopy} ({@code IBuilder}, {@code IBuilderConfig},
 *       {@code INetworkDefinition}, {@code IHostMemory}, {@code IRuntime}, {@code ICudaEngine},
 *       {@code IExecutionContext}) declares no virtual function but its destructor ({@code INoCopy} has only
 *       {@code virtual ~INoCopy()}, the classes forward every call to {@code mImpl}), so slot 0 is the complete
 *       destructor and slot 1 ({@link #NO_COPY_SLOT}) the deleting one.</li>
 *   <li>{@code nvonnxparser::IParser} is a pure interface whose destructor is declared after {@code clearErrors()}:
 *       in the TensorRT 11.2 ABI the bindings were compiled against, {@code clearErrors} is slot 5 (the JNI calls
 *       offset 0x28), {@code getUsedVCPluginLibraries} slot 8 and {@code getFlags} slot 10 (offset 0x50), so the
 *       destructors are slots 6 and 7: slot 7, used only for that version ({@link TrtAbi}).</li>
 * </ul>
 * Set the system property {@code edgecv.tensorrt.delete=false} to skip it (objects are then leaked, as with the
 * bindings' own {@code deallocate()}). If the JVM forbids the reflective access (bindings on the module path
 * without {@code --add-opens org.bytedeco.javacpp/org.bytedeco.javacpp=ALL-UNNAMED}) it warns once and leaks.
 *
 * <p>Thread-safety: thread-safe; deleting one object twice is the caller's error, which {@link #delete} prevents by
 * nulling the wrapper.
 */
final class NativeDelete {
    private static final Logger LOG = LoggerFactory.getLogger(NativeDelete.class);
    /** Deleting destructor of classes derived from {@code nvinfer1::INoCopy}. */
    static final int NO_COPY_SLOT = 1;

    /**
     * Deletes an ONNX parser through the deleting-destructor slot of the loaded parser's version
     * ({@link TrtAbi#parserDeleteSlot}); a version whose layout is not known (accepted by the user with
     * {@link TrtAbi#ACCEPT}) leaks the parser instead of calling an unverified slot.
     *
     * @param parser the parser, or null
     */
    static void deleteParser(Pointer parser) {
        if (parser == null || parser.isNull()) {
            return;
        }
        String version = TrtAbi.parserMajorMinor(getNvOnnxParserVersion());
        OptionalInt slot = TrtAbi.parserDeleteSlot(version);
        if (slot.isEmpty()) {
            LOG.warn("not deleting the ONNX parser: the destructor slot of TensorRT {} is not known (leaks a few"
                    + " kilobytes per engine build)", version);
            parser.setNull();
            return;
        }
        delete(parser, slot.getAsInt());
    }

    private static final Method INIT = initMethod();
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("edgecv.tensorrt.delete"));
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private NativeDelete() {
    }

    private static Method initMethod() {
        try {
            Method m = Pointer.class.getDeclaredMethod("init", long.class, long.class, long.class, long.class);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException | RuntimeException e) {
            LOG.debug("Pointer.init is not accessible: {}", e.toString());
            return null;
        }
    }

    /**
     * Deletes a TensorRT object and nulls its wrapper. Does nothing for null.
     *
     * @param object the object, as returned by TensorRT
     * @param slot vtable slot of its deleting destructor: {@link #NO_COPY_SLOT}, or the parser's (see
     *             {@link #deleteParser})
     */
    static void delete(Pointer object, int slot) {
        if (object == null || object.isNull()) {
            return;
        }
        if (!ENABLED || INIT == null) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("TensorRT objects are not freed until the process exits ({}); closing and reopening"
                        + " detectors leaks GPU memory", ENABLED ? "the bindings' Pointer.init is not accessible:"
                        + " add --add-opens org.bytedeco.javacpp/org.bytedeco.javacpp=ALL-UNNAMED"
                        : "edgecv.tensorrt.delete=false");
            }
            object.setNull();
            return;
        }
        long address = object.address();
        Pointer vtable = new PointerPointer<Pointer>(object).get(0);
        Pointer destructor = new PointerPointer<Pointer>(vtable).get(slot);
        if (vtable.isNull() || destructor.isNull()) {
            LOG.warn("not deleting {} at 0x{}: it has no vtable entry {}", object.getClass().getSimpleName(),
                    Long.toHexString(address), slot);
            object.setNull();
            return;
        }
        Pointer owner = new Pointer();
        try {
            INIT.invoke(owner, address, 0L, address, destructor.address());
        } catch (ReflectiveOperationException e) {
            LOG.warn("could not attach a deleter to {}: {}", object.getClass().getSimpleName(), e.toString());
            object.setNull();
            return;
        }
        object.setNull();
        owner.deallocate();
    }
}
