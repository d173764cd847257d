package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.convolutional.Conv2d;
import io.edgecv.testing.Fixtures;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * libtorch (DJL's PyTorch engine, its own JNI) and the TFLite preset (JavaCPP 1.5.14) in one JVM: both run, in
 * either order, on a real model. DJL brings no JavaCPP, so there is no version to clash.
 */
class SameJvmAsTfliteTest {
    @Test
    void tfliteInterpreterAndLibtorchTensorsRunSideBySide() {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
        try (FlatBufferModel model = FlatBufferModel.BuildFromFile(
                    Fixtures.model(Fixtures.FACE_SHORT_TFLITE).toString());
                BuiltinOpResolver resolver = new BuiltinOpResolver();
                Interpreter interpreter = new Interpreter((Interpreter) null)) {
            try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
                assertThat(builder.apply(interpreter)).isZero();
            }
            assertThat(interpreter.AllocateTensors()).isZero();
            assertThat(interpreter.Invoke()).isZero();

            assertThat(Engine.getEngine("PyTorch").getVersion()).isNotEmpty();
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                // a 3x3 box filter over ones: 9 inside, 4 in the padded corners
                NDArray y = Conv2d.conv2d(m.ones(new ai.djl.ndarray.types.Shape(1, 1, 4, 4)),
                        m.ones(new ai.djl.ndarray.types.Shape(1, 1, 3, 3)), null,
                        new ai.djl.ndarray.types.Shape(1, 1), new ai.djl.ndarray.types.Shape(1, 1),
                        new ai.djl.ndarray.types.Shape(1, 1), 1).singletonOrThrow();
                float[] v = y.toFloatArray();
                assertThat(v[0]).isEqualTo(4f);
                assertThat(v[5]).isEqualTo(9f);
            }
            assertThat(interpreter.Invoke()).isZero();
        }
    }
}
