package io.edgecv.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which channels of the original model's tensors a structurally pruned model kept. A pruner writes it into the
 * pruned model's metadata under {@link #METADATA_KEY}; distillation reads it to pull each kept channel of the
 * student towards the same channel of the unpruned teacher.
 *
 * <p>Text form (the metadata value): one line per tensor whose channels were pruned, the tensor's name, a tab, and
 * the kept channel indices of the original tensor, ascending, as comma-separated numbers and {@code a-b} ranges,
 * for example {@code conv_12\t0-5,7,9-31}. Tensors left whole are not listed.
 *
 * <p>Thread-safety: immutable.
 */
public final class PrunedChannels {
    /** The model-metadata key of the text form. */
    public static final String METADATA_KEY = "edgecv.pruning.channels";
    private static final PrunedChannels NONE = new PrunedChannels(Map.of());

    private final Map<String, int[]> kept;

    private PrunedChannels(Map<String, int[]> kept) {
        this.kept = kept;
    }

    /** @return no pruned tensor */
    public static PrunedChannels none() {
        return NONE;
    }

    /**
     * @param kept per tensor name, the kept channel indices of the original tensor (ascending, distinct, >= 0)
     * @return the record
     * @throws IllegalArgumentException naming the tensor whose indices are not ascending non-negative numbers, or
     *     whose name holds a tab or line break
     */
    public static PrunedChannels of(Map<String, int[]> kept) {
        Map<String, int[]> copy = new LinkedHashMap<>();
        kept.forEach((name, idx) -> {
            Objects.requireNonNull(idx, name);
            if (name.isEmpty() || name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("tensor name '" + name + "' is empty or holds a tab or line break");
            }
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] < 0 || (i > 0 && idx[i] <= idx[i - 1])) {
                    throw new IllegalArgumentException("kept channels of " + name + " are not ascending non-negative"
                            + " indices: " + Arrays.toString(idx));
                }
            }
            copy.put(name, idx.clone());
        });
        return copy.isEmpty() ? NONE : new PrunedChannels(Collections.unmodifiableMap(copy));
    }

    /**
     * @param text the metadata value ({@link #format()}'s form); empty for none
     * @return the record
     * @throws IllegalArgumentException naming the line that cannot be read
     */
    public static PrunedChannels parse(String text) {
        Map<String, int[]> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) {
                throw new IllegalArgumentException("pruned-channels line '" + line + "' is not 'tensor<TAB>indices'");
            }
            List<Integer> idx = new ArrayList<>();
            try {
                for (String part : line.substring(tab + 1).split(",")) {
                    int dash = part.indexOf('-');
                    int from = Integer.parseInt(dash < 0 ? part.trim() : part.substring(0, dash).trim());
                    int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
                    if (to < from) {
                        throw new NumberFormatException("range " + part + " runs backwards");
                    }
                    for (int i = from; i <= to; i++) {
                        idx.add(i);
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pruned-channels line '" + line + "' has bad indices: "
                        + e.getMessage(), e);
            }
            map.put(line.substring(0, tab), idx.stream().mapToInt(Integer::intValue).toArray());
        }
        return of(map);
    }

    /** @return the text form, with runs of consecutive indices as ranges */
    public String format() {
        StringBuilder sb = new StringBuilder();
        kept.forEach((name, idx) -> {
            sb.append(name).append('\t');
            for (int i = 0; i < idx.length; ) {
                int j = i;
                while (j + 1 < idx.length && idx[j + 1] == idx[j] + 1) {
                    j++;
                }
                sb.append(idx[i]);
                if (j > i) {
                    sb.append('-').append(idx[j]);
                }
                sb.append(j + 1 < idx.length ? "," : "");
                i = j + 1;
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /**
     * @param later what a later pruning of the model this record describes kept, as indices of that model's
     *     tensors
     * @return the record of both prunings together, as indices of the original model's tensors
     * @throws IllegalArgumentException if {@code later} keeps a channel this record's tensor does not have
     */
    public PrunedChannels then(PrunedChannels later) {
        Map<String, int[]> map = new LinkedHashMap<>(kept);
        later.kept.forEach((name, idx) -> {
            int[] mine = kept.get(name);
            if (mine == null) {
                map.put(name, idx);
                return;
            }
            int[] composed = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] >= mine.length) {
                    throw new IllegalArgumentException("the later pruning keeps channel " + idx[i] + " of " + name
                            + ", which has " + mine.length + " channels");
                }
                composed[i] = mine[idx[i]];
            }
            map.put(name, composed);
        });
        return of(map);
    }

    /**
     * @param tensor a tensor name
     * @return the original channel indices the tensor kept, or empty if it was left whole
     */
    public Optional<int[]> kept(String tensor) {
        int[] idx = kept.get(tensor);
        return idx == null ? Optional.empty() : Optional.of(idx.clone());
    }

    /** @return the names of the pruned tensors, in the order they were recorded */
    public Set<String> tensors() {
        return kept.keySet();
    }

    /** @return whether no tensor was pruned */
    public boolean isEmpty() {
        return kept.isEmpty();
    }

    @Override
    public String toString() {
        return kept.size() + " pruned tensors";
    }
}
