package io.edgecv.model.ultralytics;

import io.edgecv.InvalidModelException;

/** Makes the exception for a YAML error at a line, naming the document and quoting the line. */
@FunctionalInterface
interface YamlError {
    /**
     * @param line zero-based line of the document
     * @param message what is wrong
     * @return the exception to throw
     */
    InvalidModelException at(int line, String message);
}
