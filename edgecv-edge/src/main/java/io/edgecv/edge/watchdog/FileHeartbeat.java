package io.edgecv.edge.watchdog;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link Heartbeat} shared between a child worker process and its supervisor: an 8-byte counter and an 8-byte
 * idle flag in a memory-mapped file. A beat is one atomic add in shared memory (no system call, no allocation); the
 * supervisor reads the same page. The file's path reaches the child in the environment variable {@link #ENV}.
 *
 * <p>Thread-safety: thread-safe for beats from one process; the counter is written by the child, read by the
 * supervisor.
 */
public final class FileHeartbeat implements Heartbeat, AutoCloseable {
    /** The environment variable holding the heartbeat file of a supervised child. */
    public static final String ENV = "EDGECV_HEARTBEAT_FILE";

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer buffer;

    private FileHeartbeat(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, 16);
    }

    /**
     * @param file the heartbeat file (created if missing)
     * @return the heartbeat over it
     * @throws IOException when it cannot be mapped
     */
    public static FileHeartbeat open(Path file) throws IOException {
        return new FileHeartbeat(file);
    }

    /**
     * For the worker process: the heartbeat its supervisor set up, or an in-memory one when it runs unsupervised.
     *
     * @return the heartbeat
     * @throws IOException when {@link #ENV} names a file that cannot be mapped
     */
    public static Heartbeat fromEnvironment() throws IOException {
        String f = System.getenv(ENV);
        return f == null || f.isEmpty() ? new CounterHeartbeat() : open(Path.of(f));
    }

    @Override
    public void beat() {
        LONGS.getAndAdd(buffer, 0, 1L);
    }

    @Override
    public long count() {
        return (long) LONGS.getVolatile(buffer, 0);
    }

    @Override
    public void idle(boolean idle) {
        LONGS.setVolatile(buffer, 8, idle ? 1L : 0L);
    }

    @Override
    public boolean idle() {
        return (long) LONGS.getVolatile(buffer, 8) != 0;
    }

    @Override
    public boolean current() {
        return true; // a supervisor that gives up on a child kills it
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** Closes the channel (the mapping lives until collected). Idempotent. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }
}
