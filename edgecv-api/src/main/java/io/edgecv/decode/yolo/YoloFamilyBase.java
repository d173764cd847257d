package io.edgecv.decode.yolo;

import io.edgecv.InvalidModelException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.model.ModelFamily;
import io.edgecv.model.ModelSignature;
import io.edgecv.model.ultralytics.UltralyticsMetadata;
import io.edgecv.preprocess.Preprocessing;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the three YOLO families share: recognition from Ultralytics metadata and output shape
 * ({@link YoloHeads}), the Ultralytics preprocessing, and decoder creation.
 *
 * <p>Thread-safety: stateless.
 */
abstract class YoloFamilyBase implements ModelFamily {
    private final YoloHeads.Kind kind;

    YoloFamilyBase(YoloHeads.Kind kind) {
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

    @Override
    public Optional<ModelDescription> recognize(ModelSignature sig) throws InvalidModelException {
        UltralyticsMetadata meta = UltralyticsMetadata.find(sig).orElse(null);
        Optional<YoloHeads.Head> head = YoloHeads.identify(sig, meta);
        if (head.isEmpty() || head.get().kind != kind) {
            return Optional.empty();
        }
        return Optional.of(YoloHeads.describe(kind, head.get(), sig, meta));
    }

    @Override
    public ModelDescription defaults(ModelSignature sig) throws InvalidModelException {
        UltralyticsMetadata meta = UltralyticsMetadata.find(sig).orElse(null);
        YoloHeads.requireDetection(sig, meta, true);
        YoloHeads.Head head;
        try {
            head = YoloHeads.forKind(kind, sig, meta, Map.of(), 0);
        } catch (InvalidModelException e) {
            head = null; // the description file may name the output and layout; createDecoder checks them then
        }
        return YoloHeads.describe(kind, head, sig, meta);
    }

    @Override
    public Decoder createDecoder(ModelDescription d, ModelSignature sig) throws InvalidModelException {
        UltralyticsMetadata meta = UltralyticsMetadata.find(sig).orElse(null);
        YoloHeads.requireDetection(sig, meta, true);
        YoloHeads.Head head = YoloHeads.forKind(kind, sig, meta, d.properties(), d.labels().size());
        Preprocessing p = d.preprocessing();
        boolean normalized = YoloHeads.normalized(d.properties(), sig, meta);
        float sx = normalized ? p.width() : 1f;
        float sy = normalized ? p.height() : 1f;
        switch (kind) {
            case V5:
                return new YoloV5Decoder(head.output, head.classes, sx, sy);
            case V8:
                return new YoloV8Decoder(head.output, head.classes, head.anchorsFirst, sx, sy);
            default:
                return new YoloEnd2EndDecoder(head.output, sx, sy);
        }
    }
}
