/**
 * MediaPipe BlazeFace face detectors (short and full range): the
 * {@link io.edgecv.decode.blazeface.BlazeFaceFamily} and the {@link io.edgecv.decode.blazeface.BlazeFaceDecoder}
 * of boxes and six face keypoints, merged by weighted NMS.
 */
package io.edgecv.decode.blazeface;
