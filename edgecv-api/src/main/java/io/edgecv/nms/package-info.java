/**
 * Non-maximum suppression on primitive arrays: {@link io.edgecv.nms.Candidates} (what decoders produce),
 * {@link io.edgecv.nms.NmsKind} (hard class-aware, class-agnostic, weighted, none) and
 * {@link io.edgecv.nms.NonMaxSuppression}, which allocates nothing per frame at steady state.
 */
package io.edgecv.nms;
