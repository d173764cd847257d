package io.edgecv.decode.yolo;

import io.edgecv.InvalidModelException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.InputDefaults;
import io.edgecv.model.LabelFiles;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamily;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.ultralytics.UltralyticsMetadata;
import io.edgecv.preprocess.ChannelOrder;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.ResizeMode;
import io.edgecv.preprocess.TensorLayout;
import io.edgecv.spi.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the three YOLO families share: recognition from Ultralytics metadata and output shape
 * ({@link YoloHeadRecognizer}), the check of a declared head ({@link DeclaredYoloHead}), and the Ultralytics
 * preprocessing. Each family adds its own defaults ({@link #addDefaults}) and decoder ({@link #newDecoder}).
 *
 * <p>Thread-safety: stateless.
 */
abstract class YoloFamilyBase implements ModelFamily {
    private static final Logger LOG = LoggerFactory.getLogger(YoloFamilyBase.class);
    /** Ultralytics' and YOLOv5's predict default. */
    static final float DEFAULT_CONFIDENCE = 0.25f;

    private final YoloHead.Kind kind;

    YoloFamilyBase(YoloHead.Kind kind) {
        this.kind = kind;
    }

    /** Description-file keys of the YOLO families. */
    static final Set<String> KEYS = Set.of("yolo.output", "yolo.layout", "yolo.normalized_boxes");

    @Override
    public Set<String> propertyKeys() {
        return KEYS;
    }

    @Override
    public String name() {
        return kind.family;
    }

    /**
     * Adds the family's NMS, IoU threshold and layout properties to a description.
     *
     * @param b the description so far
     * @param head the head, or null when its output is not known yet
     */
    abstract void addDefaults(ModelDescription.Builder b, YoloHead head);

    /**
     * @param head the checked head
     * @param sx   factor from decoded x to input pixels (the input width for normalised boxes, else 1)
     * @param sy   the same for y
     * @return the family's decoder
     */
    abstract Decoder newDecoder(YoloHead head, float sx, float sy);

    @Override
    public Optional<ModelDescription> recognize(ModelSignature sig) throws InvalidModelException {
        UltralyticsMetadata meta = UltralyticsMetadata.find(sig).orElse(null);
        Optional<YoloHead> head = YoloHeadRecognizer.identify(sig, meta);
        if (head.isEmpty() || head.get().kind != kind) {
            return Optional.empty();
        }
        return Optional.of(describe(head.get(), sig, meta));
    }

    @Override
    public ModelDescription defaults(ModelSignature sig) throws InvalidModelException {
        UltralyticsMetadata meta = UltralyticsMetadata.find(sig).orElse(null);
        YoloTaskCheck.requireDetection(sig, meta, true);
        YoloHead head;
        try {
            head = DeclaredYoloHead.forKind(kind, sig, meta, Map.of(), 0);
        } catch (InvalidModelException e) {
            head = null; // the description file may name the output and layout; createDecoder checks them then
        }
        return describe(head, sig, meta);
    }

    @Override
    public Decoder createDecoder(ModelDescription d, ModelSignature sig) throws InvalidModelException {
        UltralyticsMetadata meta = UltralyticsMetadata.find(sig).orElse(null);
        YoloTaskCheck.requireDetection(sig, meta, true);
        YoloHead head = DeclaredYoloHead.forKind(kind, sig, meta, d.properties(), d.labels().size());
        Preprocessing p = d.preprocessing();
        boolean normalized = YoloKeys.normalized(d.properties(), sig, meta);
        return newDecoder(head, normalized ? p.width() : 1f, normalized ? p.height() : 1f);
    }

    /**
     * Describes a model of this family: Ultralytics preprocessing (letterbox to {@code imgsz}, pad 114, RGB,
     * value / 255, the input tensor's layout), labels from the metadata or a label file, then the family's
     * defaults. Without a head (its output not known yet), the output and layout properties are left out.
     */
    private ModelDescription describe(YoloHead head, ModelSignature sig, UltralyticsMetadata meta)
            throws InvalidModelException {
        Preprocessing.Builder pre = InputDefaults.from(sig, 0);
        TensorSpec in = sig.inputs().get(0);
        boolean nhwc = in.dim(3) == 3;
        long h = in.dim(nhwc ? 1 : 2);
        long w = in.dim(nhwc ? 2 : 3);
        if (meta != null && meta.imageWidth() > 0) {
            if (h < 0 || w < 0) {
                pre.setSize(w > 0 ? (int) w : meta.imageWidth(), h > 0 ? (int) h : meta.imageHeight());
            } else if (h != meta.imageHeight() || w != meta.imageWidth()) {
                LOG.warn("{}: metadata imgsz {}x{} (h x w) differs from the input tensor {}; using the tensor's size",
                        sig.source().name(), meta.imageHeight(), meta.imageWidth(), in);
            }
        }
        Preprocessing p = pre.optResize(ResizeMode.LETTERBOX).optPadValue(114).optChannels(ChannelOrder.RGB)
                .optNormalize(0f, 255f).optLayout(nhwc ? TensorLayout.NHWC : TensorLayout.NCHW).build();
        List<String> labels = meta != null && !meta.names().isEmpty() ? meta.names() : LabelFiles.find(sig);
        ModelDescription.Builder b = ModelDescription.builder(kind.family, p).optLabels(labels)
                .optConfidence(DEFAULT_CONFIDENCE);
        addDefaults(b, head);
        if (head != null) {
            b.optProperty(YoloKeys.OUTPUT, sig.outputs().get(head.output).name());
        }
        b.optProperty(YoloKeys.NORMALIZED, Boolean.toString(YoloKeys.normalizedByDefault(sig, meta)));
        return b.build();
    }
}
