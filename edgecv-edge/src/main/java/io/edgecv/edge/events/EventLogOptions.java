package io.edgecv.edge.events;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link EventLog}: durability and the cap that keeps an SD card from filling up.
 *
 * <p>The cap removes the oldest <em>synced</em> events first: events older than {@code maxAge} that were sent, then
 * the oldest sent events while more than {@code maxEvents} are held. Unsent events are removed only when unsent
 * events alone exceed {@code maxEvents}; each such removal is counted ({@link EventLog#droppedUnsent()}) and logged
 * as a warning, never silent.
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class EventLogOptions {
    private final Durability durability;
    private final long maxEvents;
    private final Duration maxAge;

    private EventLogOptions(Builder b) {
        this.durability = b.durability;
        this.maxEvents = b.maxEvents;
        this.maxAge = b.maxAge;
    }

    /** @return defaults: power-loss durability, at most 1,000,000 events, sent events kept 30 days */
    public static EventLogOptions defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the durability of a commit */
    public Durability durability() {
        return durability;
    }

    /** @return the most events held */
    public long maxEvents() {
        return maxEvents;
    }

    /** @return how long a sent event is kept */
    public Duration maxAge() {
        return maxAge;
    }

    @Override
    public String toString() {
        return "EventLogOptions[durability=" + durability + ", maxEvents=" + maxEvents + ", maxAge=" + maxAge + "]";
    }

    /** Builds {@link EventLogOptions}. */
    public static final class Builder {
        private Durability durability = Durability.POWER_LOSS;
        private long maxEvents = 1_000_000;
        private Duration maxAge = Duration.ofDays(30);

        private Builder() {
        }

        /**
         * @param d how much a commit survives (default {@link Durability#POWER_LOSS})
         * @return this
         */
        public Builder optDurability(Durability d) {
            this.durability = Objects.requireNonNull(d, "durability");
            return this;
        }

        /**
         * @param n the most events held, at least 1 (default 1,000,000; an event is about 200 to 500 bytes)
         * @return this
         */
        public Builder optMaxEvents(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxEvents " + n + " must be at least 1");
            }
            this.maxEvents = n;
            return this;
        }

        /**
         * @param age how long a sent event is kept, positive (default 30 days); unsent events are never aged out
         * @return this
         */
        public Builder optMaxAge(Duration age) {
            Objects.requireNonNull(age, "maxAge");
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("maxAge " + age + " must be positive");
            }
            this.maxAge = age;
            return this;
        }

        /** @return the options */
        public EventLogOptions build() {
            return new EventLogOptions(this);
        }
    }
}
