/**
 * The {@code edgecv} command line ({@code detect}, {@code benchmark}, {@code quantize}, {@code backends}), built
 * with picocli. Errors print one line starting with {@code edgecv:}; the exit code is 2 for a usage error and 1
 * for a failure.
 */
package io.edgecv.examples.cli;
