package io.edgecv.decode.yolo;

import io.edgecv.spi.OutputTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Output tensors held in memory: heap buffers, or direct ones as the ONNX backend pins them. */
final class ArrayOutputs implements OutputTensors {
    private final FloatBuffer[] buffers;
    private final long[][] shapes;

    private ArrayOutputs(FloatBuffer[] buffers, long[][] shapes) {
        this.buffers = buffers;
        this.shapes = shapes;
    }

    /** One output of the given shape and values. */
    static ArrayOutputs of(float[] values, boolean direct, long... shape) {
        FloatBuffer b;
        if (direct) {
            b = ByteBuffer.allocateDirect(4 * values.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
            b.put(values).flip();
        } else {
            b = FloatBuffer.wrap(values.clone());
        }
        return new ArrayOutputs(new FloatBuffer[] {b}, new long[][] {shape.clone()});
    }

    @Override
    public int outputCount() {
        return buffers.length;
    }

    @Override
    public FloatBuffer output(int index) {
        return buffers[index].position(0);
    }

    @Override
    public long[] outputShape(int index) {
        return shapes[index];
    }
}
