package io.edgecv.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The pool behind the flat resident memory of {@code SoakTest}: reuse only of equal sizes, zeroed, capped. */
class DirectBufferPoolTest {
    /** A pool of its own: the shared one holds whatever the other tests in this JVM handed back. */
    private final DirectBufferPool pool = new DirectBufferPool(64L << 20);

    @Test
    void aHandedBackBufferIsReusedZeroedAndInNativeOrder() {
        ByteBuffer first = pool.take(1237);
        assertThat(first.isDirect()).isTrue();
        assertThat(first.capacity()).isEqualTo(1237);
        first.order(ByteOrder.BIG_ENDIAN).putInt(100, 0x7f7f7f7f).position(17).limit(40);
        pool.give(first);

        ByteBuffer again = pool.take(1237);
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
        ByteBuffer a = pool.take(3001);
        pool.give(a);
        assertThat(pool.take(3002)).isNotSameAs(a).matches(b -> b.capacity() == 3002);
    }

    @Test
    void atMost64MbIsKept() {
        int size = 33 << 20; // two of them are over the limit
        ByteBuffer a = pool.take(size);
        ByteBuffer b = pool.take(size);
        pool.give(a);
        pool.give(b); // over the limit: left to the garbage collector
        assertThat(pool.take(size)).isSameAs(a);
        assertThat(pool.take(size)).isNotSameAs(b);
    }
}
