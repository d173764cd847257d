package io.edgecv.train.data;

import java.nio.file.Path;

/**
 * Reads the hard labels of one data set in one {@link LabelFormat}. Get one from {@link LabelReaders}.
 *
 * <p>Every box is checked while reading: its image exists and is a readable picture, the box lies inside the
 * image (half a pixel of slack for rounding) and is not empty, and its class is known. The first problem found
 * stops the read with a {@link LabelException} naming the file, line or field, and value.
 *
 * <p>Thread-safety: implementations are immutable; {@link #read()} may be called from any thread.
 */
public interface LabelReader {
    /** @return the format this reader reads */
    LabelFormat format();

    /** @return the folder or file it reads */
    Path source();

    /**
     * @return the class names and labelled images
     * @throws LabelException if a file is missing, unreadable or wrong; the message says where and what to do
     */
    LabelSet read() throws LabelException;
}
