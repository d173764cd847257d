package io.edgecv.spi;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Checks of settings shared by the model tools' configuration builders ({@code PruningConfig},
 * {@code QuantizationConfig}): each throws a typed exception naming the bad value.
 *
 * <p>Thread-safety: stateless, thread-safe.
 */
public final class SettingChecks {
    private SettingChecks() {
    }

    /**
     * @param threads intra-op threads; 0 lets the runtime choose
     * @return {@code threads}
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    public static int threads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (runtime default) or more, got " + threads);
        }
        return threads;
    }

    /**
     * @param items the items to copy
     * @param what  what one item is, named by the exception when one is null
     * @param <T>   the item type
     * @return an unmodifiable copy in the same order
     * @throws NullPointerException if an item is null
     */
    public static <T> List<T> copyOf(Collection<? extends T> items, String what) {
        for (T item : items) {
            Objects.requireNonNull(item, what);
        }
        return List.copyOf(items);
    }

    /**
     * Adds every item to {@code target}.
     *
     * @param target the collection to add to
     * @param what   what one item is, named by the exception when one is null
     * @param items  the items to add
     * @param <T>    the item type
     * @throws NullPointerException if an item is null; items before it have been added
     */
    @SafeVarargs
    public static <T> void addAll(Collection<T> target, String what, T... items) {
        addAll(target, what, Arrays.asList(items));
    }

    /**
     * Adds every item to {@code target}.
     *
     * @param target the collection to add to
     * @param what   what one item is, named by the exception when one is null
     * @param items  the items to add
     * @param <T>    the item type
     * @throws NullPointerException if an item is null; items before it have been added
     */
    public static <T> void addAll(Collection<T> target, String what, Iterable<? extends T> items) {
        for (T item : items) {
            target.add(Objects.requireNonNull(item, what));
        }
    }
}
