/**
 * Training data for {@code edgecv-train}: hard labels, augmentation, and the training images with their split.
 *
 * <ul>
 *   <li><b>Labels.</b> {@link io.edgecv.train.data.LabelReaders} tells Pascal VOC XML, COCO JSON and YOLO txt
 *       apart and opens a {@link io.edgecv.train.data.LabelReader}; its
 *       {@link io.edgecv.train.data.LabelSet} holds the class names and one
 *       {@link io.edgecv.train.data.LabelledImage} (image file, size, {@link io.edgecv.train.data.Box}es in
 *       pixels) per image. Every problem is a {@link io.edgecv.train.data.LabelException} naming the file, line or
 *       field, and value. {@link io.edgecv.train.data.ClassMapping} maps the class names onto a model's labels.</li>
 *   <li><b>Augmentation.</b> {@link io.edgecv.train.data.HorizontalFlip},
 *       {@link io.edgecv.train.data.ScaleJitter} and {@link io.edgecv.train.data.ColourJitter} change a
 *       {@link io.edgecv.train.data.TrainingSample} (a reused packed RGB or BGR
 *       {@link io.edgecv.train.data.PackedImage} and its {@link io.edgecv.train.data.BoxList}) in place, boxes
 *       and pixels together, every random choice drawn from a {@link java.util.random.RandomGenerator};
 *       {@link io.edgecv.train.data.AugmentationPipeline} chains them with probabilities.</li>
 *   <li><b>Images.</b> {@link io.edgecv.train.data.ImageDataset} lists the pictures of a folder, attaches hard
 *       labels where given, and splits them into training and validation by a seeded hash of the file name.</li>
 * </ul>
 */
package io.edgecv.train.data;
