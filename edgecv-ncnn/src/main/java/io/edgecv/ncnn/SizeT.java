package io.edgecv.ncnn;

import com.sun.jna.IntegerType;
import com.sun.jna.Native;

/**
 * C {@code size_t}: 8 bytes on 64-bit platforms, 4 on 32-bit ARM boards.
 *
 * <p>Thread-safety: not thread-safe (JNA value holder); used by one call at a time.
 */
public final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    /** Zero; JNA needs a public no-argument constructor to build return values. */
    public SizeT() {
        this(0);
    }

    /** @param value the value */
    public SizeT(long value) {
        super(Native.SIZE_T_SIZE, value, true);
    }
}
