package io.edgecv.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The pool behind the flat resident memory of {@code SoakTest}: reuse only of equal sizes, zeroed, capped. */
class DirectBufferPoolTest {
    @Test
    void aHandedBackBufferIsReusedZeroedAndInNativeOrder() {
        ByteBuffer first = DirectBufferPool.take(1237);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).isEqualTo(1237);
        first.order(ByteOrder.BIG_ENDIAN).putInt(100, 0x7f7f7f7f).position(17).limit(40);
        DirectBufferPool.give(first);

        ByteBuffer again = DirectBufferPool.take(1237);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(1237);
        assertThat(again.order()).isEqualTo(ByteOrder.nativeOrder());
        for (int i = 0; i < 1237; i++) {
            assertThat(again.get(i)).as("byte %d", i).isZero();
        }
    }

    @Test
    void buffersOfAnotherSizeAreNotReused() {
        ByteBuffer a = DirectBufferPool.take(3001);
        DirectBufferPool.give(a);
        assertThat(DirectBufferPool.take(3002)).isNotSameAs(a).matches(b -> b.capacity() == 3002);
    }

    @Test
    void atMost64MbIsKept() {
        int size = 33 << 20; // two of them are over the limit, whatever other tests left in the pool
        ByteBuffer a = DirectBufferPool.take(size);
        ByteBuffer b = DirectBufferPool.take(size);
        DirectBufferPool.give(a);
        DirectBufferPool.give(b); // over the limit: left to the garbage collector
        assertThat(DirectBufferPool.take(size)).isSameAs(a);
        assertThat(DirectBufferPool.take(size)).isNotSameAs(b);
    }
}
