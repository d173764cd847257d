package io.edgecv.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Direct buffers for the input and pinned output tensors, handed back when a session closes and reused by the next
 * session that needs the same size. Java frees a direct buffer only when a garbage collection runs its cleaner, long
 * after the session closed; with a large heap that is hundreds of sessions later, and the buffers left between ONNX
 * Runtime's own allocations fragment the C heap: opening and closing a BlazeFace detector grew resident memory by
 * about 30 KB per open with the memory in use flat. Reusing them keeps resident memory flat. Hand-written: no
 * library pools NIO buffers by size for this.
 *
 * <p>Thread-safety: thread-safe.
 */
final class DirectBufferPool {
    /** The pool every session uses: at most 64 MB kept; more is left to the garbage collector. */
    static final DirectBufferPool SHARED = new DirectBufferPool(64L << 20);

    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
    private final long maxPooledBytes;
    private long pooledBytes;

    /** @param maxPooledBytes buffers kept for reuse, in bytes at most */
    DirectBufferPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    /** @return a zeroed direct buffer in native byte order, of exactly {@code bytes} capacity */
    ByteBuffer take(long bytes) {
        int n = Math.toIntExact(bytes);
        ByteBuffer b;
        synchronized (free) {
            ArrayDeque<ByteBuffer> q = free.get(n);
            b = q == null ? null : q.poll();
            if (b != null) {
                pooledBytes -= n;
            }
        }
        if (b == null) {
            return ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
        }
        b.clear();
        for (int i = 0; i < n; i++) {
            b.put(i, (byte) 0);
        }
        return b.order(ByteOrder.nativeOrder());
    }

    /** Hands back a buffer from {@link #take} that nothing uses any more (its tensor is closed); null is ignored. */
    void give(ByteBuffer b) {
        if (b == null) {
            return;
        }
        synchronized (free) {
            if (pooledBytes + b.capacity() <= maxPooledBytes) {
                free.computeIfAbsent(b.capacity(), k -> new ArrayDeque<>()).push(b);
                pooledBytes += b.capacity();
            }
        }
    }
}
