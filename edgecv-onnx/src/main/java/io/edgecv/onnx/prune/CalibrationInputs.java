package io.edgecv.onnx.prune;

import io.edgecv.ImageInput;
import io.edgecv.InvalidImageException;
import io.edgecv.InvalidModelException;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.spi.ElementType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The calibration photos, decoded and fed through the model's own preprocessing once, kept as float32 input
 * tensors for the many runs that statistics and refits take.
 *
 * <p>Thread-safety: immutable after construction.
 */
final class CalibrationInputs {
    private final List<float[]> tensors = new ArrayList<>();
    private final long[] shape;

    CalibrationInputs(List<Path> images, Preprocessing pre) throws InvalidModelException {
        if (pre.elementType() != ElementType.FLOAT32) {
            throw new InvalidModelException("pruning feeds float32 images but the preprocessing writes "
                    + pre.elementType() + "; prune the float32 model");
        }
        this.shape = pre.tensorShape();
        Preprocessor p = new Preprocessor(pre);
        ByteBuffer buf = ByteBuffer.allocateDirect(pre.tensorBytes()).order(ByteOrder.nativeOrder());
        for (Path image : images) {
            ImageInput in;
            try {
                in = ImageInput.read(image);
            } catch (IOException e) {
                throw new InvalidImageException("cannot read calibration image " + image + ": " + e.getMessage(), e);
            }
            buf.clear();
            p.apply(in, buf);
            float[] t = new float[pre.tensorBytes() / 4];
            buf.duplicate().order(ByteOrder.nativeOrder()).position(0).asFloatBuffer().get(t);
            tensors.add(t);
        }
    }

    /** @return the input tensors, one per image */
    List<float[]> tensors() {
        return tensors;
    }

    /** @return the model input's shape */
    long[] shape() {
        return shape.clone();
    }

    int size() {
        return tensors.size();
    }
}
