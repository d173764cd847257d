package io.edgecv.tensorrt;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMallocHost;

import io.edgecv.EdgeCvException;
import io.edgecv.spi.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One input or output of an engine: its device buffer ({@code cudaMalloc}), a pinned host buffer of the same size
 * ({@code cudaMallocHost}, so the copies are true asynchronous DMA) and the Java views of that host memory. Inputs
 * are written in place through {@link #hostInput()}; FP16 and BF16 inputs are filled as float32 in a staging buffer
 * and narrowed into the pinned memory before the copy. Float32 outputs are read straight from the pinned memory;
 * other types are widened into a reused float buffer. Buffers grow when a larger shape is set and are reused
 * otherwise.
 *
 * <p>Thread-safety: not thread-safe; owned by one {@link TensorRtSession}.
 */
final class IoTensor {
    private static final Logger LOG = LoggerFactory.getLogger(IoTensor.class);
    /** Smallest allocation, so that zero-sized tensors still get a valid address. */
    private static final long MIN_BYTES = 256;

    private final String name;
    private final boolean input;
    private final TrtDataType type;
    private final TensorSpec spec;

    private final Pointer device = new Pointer();
    private final Pointer host = new Pointer();
    private long capacityBytes;

    private long[] shape;
    private int elements;
    private long bytes;
    private ByteBuffer hostBytes;
    private ByteBuffer staging;
    private FloatBuffer stagingFloats;
    private FloatBuffer floatView;
    private FloatBuffer converted;

    /**
     * @param name the tensor's name in the engine
     * @param input whether it is an input
     * @param type its element type in the engine
     * @param engineShape its shape as the engine declares it, {@code -1} where dynamic
     */
    IoTensor(String name, boolean input, TrtDataType type, long[] engineShape) {
        this.name = name;
        this.input = input;
        this.type = type;
        this.spec = new TensorSpec(name, input ? type.hostInputType() : type.elementType(), engineShape);
    }

    String name() {
        return name;
    }

    boolean isInput() {
        return input;
    }

    TrtDataType type() {
        return type;
    }

    /** @return name, EdgeCV element type and the engine's shape ({@code -1} where dynamic) */
    TensorSpec spec() {
        return spec;
    }

    /** @return the current shape, or null while a dynamic shape is not set */
    long[] shape() {
        return shape;
    }

    /** @return the device buffer, to hand to {@code setTensorAddress} */
    Pointer device() {
        return device;
    }

    /** @return the pinned host buffer */
    Pointer host() {
        return host;
    }

    /** @return bytes of the current shape on the device */
    long bytes() {
        return bytes;
    }

    /**
     * Sizes the buffers for a shape, reallocating only when it needs more memory than held.
     *
     * @param newShape every dimension known
     * @return whether the device buffer moved (its address must be set again)
     * @throws EdgeCvException if CUDA cannot allocate
     */
    boolean resize(long[] newShape) throws EdgeCvException {
        long n = TensorSpec.elementCount(newShape);
        if (n < 0 || n > Integer.MAX_VALUE / 8) {
            throw new EdgeCvException("tensor '" + name + "' of shape " + ShapeProfile.format(newShape)
                    + " is too large for EdgeCV's buffers");
        }
        long need = n * type.bytes();
        boolean moved = false;
        if (need > capacityBytes || device.isNull()) {
            free();
            shape = null; // until the new buffers exist: a failed allocation leaves the tensor without a shape
            long size = Math.max(need, MIN_BYTES);
            int status = cudaMalloc(device, size); // @ByPtrPtr: the JNI glue stores the new address in device
            if (status != 0) {
                device.setNull();
                Cuda.check(status, "cudaMalloc(" + size + ") for '" + name + "'");
            }
            status = cudaMallocHost(host, size);
            if (status != 0) {
                host.setNull();
                free();
                Cuda.check(status, "cudaMallocHost(" + size + ") for '" + name + "'");
            }
            capacityBytes = size;
            moved = true;
        }
        if (moved || hostBytes == null || need != bytes) {
            shape = newShape.clone();
            elements = (int) n;
            bytes = need;
            BytePointer view = new BytePointer(host);
            view.capacity(Math.max(need, 1));
            hostBytes = view.asByteBuffer().order(ByteOrder.nativeOrder());
            if (input && type.hostInputType() != type.elementType()) {
                if (staging == null || staging.capacity() < elements * 4) {
                    staging = ByteBuffer.allocateDirect(elements * 4).order(ByteOrder.nativeOrder());
                }
                stagingFloats = staging.clear().asFloatBuffer();
            } else if (!input) {
                if (type.isFloat32()) {
                    floatView = hostBytes.asFloatBuffer();
                } else {
                    if (converted == null || converted.capacity() < elements) {
                        converted = ByteBuffer.allocateDirect(elements * 4).order(ByteOrder.nativeOrder())
                                .asFloatBuffer();
                    }
                    floatView = converted;
                }
            }
        } else {
            shape = newShape.clone();
        }
        return moved;
    }

    /** @return the buffer the preprocessing writes this input into: the pinned memory, or the float32 staging */
    ByteBuffer hostInput() {
        ByteBuffer b = staging != null ? staging : hostBytes;
        b.clear();
        if (b == staging) {
            b.limit(elements * 4);
        }
        return b;
    }

    /** Narrows a float32-staged FP16 or BF16 input into the pinned memory; nothing for other types. */
    void stageInput() {
        if (staging != null) {
            TensorConversions.narrow(stagingFloats, hostBytes, elements, type);
        }
    }

    /** Widens a non-float32 output from the pinned memory into its float buffer; nothing for float32. */
    void convertOutput() {
        if (!type.isFloat32()) {
            TensorConversions.widen(hostBytes, type, converted, elements);
        }
    }

    /** @return the output as floats, position 0, limit its element count */
    FloatBuffer output() {
        floatView.limit(elements).position(0);
        return floatView;
    }

    /** Frees the device and pinned memory; the views become invalid. Idempotent. */
    void free() {
        if (!device.isNull()) {
            int status = cudaFree(device);
            if (status != 0) {
                LOG.warn("cudaFree of '{}' failed: {}", name, Cuda.describe(status));
            }
            device.setNull();
        }
        if (!host.isNull()) {
            int status = cudaFreeHost(host);
            if (status != 0) {
                LOG.warn("cudaFreeHost of '{}' failed: {}", name, Cuda.describe(status));
            }
            host.setNull();
        }
        capacityBytes = 0;
        hostBytes = null;
    }
}
