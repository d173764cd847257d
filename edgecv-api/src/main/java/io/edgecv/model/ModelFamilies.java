package io.edgecv.model;

import io.edgecv.InvalidModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The model families EdgeCV knows: every one listed in {@code META-INF/services/io.edgecv.model.ModelFamily}, the
 * built-in ones (listed by edgecv-api itself, in its order) before third-party ones,
 * and how a model's description is found: a description file beside the model wins; otherwise the first family
 * that recognises the model's tensors and metadata.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class ModelFamilies {
    private static final List<ModelFamily> ALL = load();

    private ModelFamilies() {
    }

    private static List<ModelFamily> load() {
        List<ModelFamily> builtIn = new ArrayList<>();
        List<ModelFamily> others = new ArrayList<>();
        Object apiJar = codeSource(ModelFamilies.class);
        for (ModelFamily f : ServiceLoader.load(ModelFamily.class, ModelFamilies.class.getClassLoader())) {
            // the class path may list a third-party jar before edgecv-api: keep the built-in families first
            (Objects.equals(codeSource(f.getClass()), apiJar) ? builtIn : others).add(f);
        }
        builtIn.addAll(others);
        return List.copyOf(builtIn);
    }

    private static Object codeSource(Class<?> c) {
        var cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }

    /** @return every family, built-in ones first */
    public static List<ModelFamily> all() {
        return ALL;
    }

    /**
     * @param name a family name
     * @return the family
     * @throws InvalidModelException if there is none of that name
     */
    public static ModelFamily byName(String name) throws InvalidModelException {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ModelFamily f : ALL) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        List<String> names = new ArrayList<>();
        ALL.forEach(f -> names.add(f.name()));
        throw new InvalidModelException("unknown model family '" + name + "'; known: " + names);
    }

    /**
     * Finds the description of an opened model.
     *
     * @param sig the model
     * @return its description
     * @throws InvalidModelException if no description file is beside it and no family recognises it; the
     *                               message lists its tensors and says how to describe it
     */
    public static ModelDescription describe(ModelSignature sig) throws InvalidModelException {
        Optional<Path> file = DescriptionFile.findFor(sig.source());
        if (file.isPresent()) {
            return DescriptionFile.read(file.get(), sig);
        }
        for (ModelFamily f : ALL) {
            Optional<ModelDescription> d = f.recognize(sig);
            if (d.isPresent()) {
                return d.get();
            }
        }
        throw new InvalidModelException("EdgeCV does not recognise the outputs of " + sig.source().name() + " ("
                + sig.describe() + "). Write " + sig.source().baseName() + DescriptionFile.SUFFIX
                + " beside the model with family=<" + String.join("|", names()) + "> and its preprocessing"
                + " (see the README, 'Describing your own model'), or pass a Decoder to the builder.");
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ModelFamily f : ALL) {
            names.add(f.name());
        }
        return names;
    }
}
