/**
 * Numbered samples, each one idea, each with a "how to run" block and a {@code run(...)} method that
 * {@code SamplesTest} calls: detect objects in a photo, detect on camera frames, choose a backend, describe your
 * own model, write a decoder for a head EdgeCV does not know, track a video, the device outbox, fine-tune a pruned
 * model with the unpruned one as teacher.
 */
package io.edgecv.examples.samples;
