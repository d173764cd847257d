package io.edgecv.prune;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What happened to one dependency group: channels that must be removed together from every convolution that
 * produces them, every depthwise convolution and BatchNormalization they pass, and every consumer that reads them.
 *
 * <p>Thread-safety: immutable.
 *
 * @param name the group's name: its first producing node
 * @param producers the nodes whose output channels are the group's
 * @param consumers the convolutions (or Gemm/MatMul) reading the group's channels
 * @param channelsBefore channels before
 * @param channelsAfter channels kept
 * @param errorBeforeRefit relative squared error of the consumers' outputs on the calibration photos after removal
 *                         and before refitting (measured during recovery; NaN without it)
 * @param errorAfterRefit the same after the ridge least-squares refit (NaN without refit)
 */
public record GroupDecision(String name, List<String> producers, List<String> consumers, int channelsBefore,
                            int channelsAfter, double errorBeforeRefit, double errorAfterRefit) {
    /** Checks and copies the fields. */
    public GroupDecision {
        Objects.requireNonNull(name, "name");
        producers = List.copyOf(producers);
        consumers = List.copyOf(consumers);
    }

    /** @return the fraction of channels removed */
    public double ratio() {
        return channelsBefore == 0 ? 0 : 1.0 - (double) channelsAfter / channelsBefore;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-28s %5d -> %5d (-%4.1f%%)  error %s -> %s", name, channelsBefore,
                channelsAfter, 100 * ratio(), fmt(errorBeforeRefit), fmt(errorAfterRefit));
    }

    private static String fmt(double e) {
        return Double.isNaN(e) ? "  n/a " : String.format(Locale.ROOT, "%.4f", e);
    }
}
