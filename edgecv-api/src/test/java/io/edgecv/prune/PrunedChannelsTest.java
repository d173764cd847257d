package io.edgecv.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pruned-channel record a pruner writes into model metadata: text form, composition, bad input. */
class PrunedChannelsTest {
    @Test
    void theTextFormWritesRangesAndReadsBack() {
        Map<String, int[]> kept = new LinkedHashMap<>();
        kept.put("conv_12", new int[] {0, 1, 2, 3, 4, 5, 7, 9, 10, 11});
        kept.put("block/expand:0", new int[] {3});
        PrunedChannels p = PrunedChannels.of(kept);
        assertThat(p.format()).isEqualTo("conv_12\t0-5,7,9-11\nblock/expand:0\t3\n");
        PrunedChannels back = PrunedChannels.parse(p.format());
        assertThat(back.tensors()).containsExactly("conv_12", "block/expand:0");
        assertThat(back.kept("conv_12")).hasValueSatisfying(a -> assertThat(a).containsExactly(kept.get("conv_12")));
        assertThat(back.kept("other")).isEmpty();
        assertThat(PrunedChannels.parse("").isEmpty()).isTrue();
    }

    @Test
    void aSecondPruningComposesOntoTheOriginalIndices() {
        PrunedChannels first = PrunedChannels.of(Map.of("a", new int[] {1, 3, 5, 7}, "b", new int[] {0, 2}));
        PrunedChannels second = PrunedChannels.of(Map.of("a", new int[] {0, 2}, "c", new int[] {4}));
        PrunedChannels both = first.then(second);
        assertThat(both.kept("a")).hasValueSatisfying(x -> assertThat(x).containsExactly(1, 5));
        assertThat(both.kept("b")).hasValueSatisfying(x -> assertThat(x).containsExactly(0, 2));
        assertThat(both.kept("c")).hasValueSatisfying(x -> assertThat(x).containsExactly(4));
        assertThatThrownBy(() -> first.then(PrunedChannels.of(Map.of("b", new int[] {2}))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel 2 of b, which has 2");
    }

    @Test
    void badRecordsAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> PrunedChannels.parse("conv_1\t3,x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'conv_1\t3,x'");
        assertThatThrownBy(() -> PrunedChannels.parse("conv_1 3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tensor<TAB>indices");
        assertThatThrownBy(() -> PrunedChannels.parse("conv_1\t5-2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs backwards");
        assertThatThrownBy(() -> PrunedChannels.of(Map.of("c", new int[] {2, 2})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c are not ascending");
        assertThatThrownBy(() -> PrunedChannels.of(Map.of("a\tb", new int[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tab or line break");
    }
}
