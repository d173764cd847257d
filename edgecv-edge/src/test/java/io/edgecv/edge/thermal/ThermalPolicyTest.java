package io.edgecv.edge.thermal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.edge.FrameGate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThermalPolicyTest {
    private final ThermalPolicy p = ThermalPolicy.DEFAULT;

    @Test
    void lineOfTheSeed() {
        // hand-computed: 1 - 0.8 * (t - 75) / 10
        assertThat(p.lineFactor(20)).isEqualTo(1.0);
        assertThat(p.lineFactor(75)).isEqualTo(1.0);
        assertThat(p.lineFactor(77.5)).isCloseTo(0.8, within(1e-12));
        assertThat(p.lineFactor(80)).isCloseTo(0.6, within(1e-12));
        assertThat(p.lineFactor(84)).isCloseTo(0.28, within(1e-12));
        assertThat(p.lineFactor(85)).isCloseTo(0.2, within(1e-12));
        assertThat(p.lineFactor(89.9)).as("never below 20%").isCloseTo(0.2, within(1e-12));
    }

    @Test
    void hysteresisHoldsTheFactorWhileTheReadingWobbles() {
        ThermalGovernor g = new ThermalGovernor(p);
        g.update(80);
        assertThat(g.factor()).isCloseTo(0.6, within(1e-12));
        // wobble within the 2 degree dead band: factor stays put
        for (double t : new double[] {79.0, 78.5, 79.7, 78.1, 80.0, 78.2}) {
            g.update(t);
            assertThat(g.factor()).as("at %s", t).isCloseTo(0.6, within(1e-12));
        }
        // a rise is obeyed at once
        g.update(82);
        assertThat(g.factor()).isCloseTo(0.44, within(1e-12));
        // a fall counts only beyond the band: 79 -> effective 81 -> 0.52
        g.update(79);
        assertThat(g.factor()).isCloseTo(0.52, within(1e-12));
        g.update(70);
        assertThat(g.factor()).isEqualTo(1.0);
        assertThat(g.state()).isEqualTo(ThermalState.NORMAL);
    }

    @Test
    void pausesAtCriticalAndResumesOnlyBelowWarning() throws Exception {
        ThermalGovernor g = new ThermalGovernor(p);
        g.update(90);
        assertThat(g.paused()).isTrue();
        assertThat(g.factor()).isZero();
        g.update(84);
        assertThat(g.paused()).as("cooler than critical is not enough").isTrue();
        g.update(75.5);
        assertThat(g.paused()).isTrue();

        CountDownLatch resumed = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                g.awaitRunnable();
                resumed.countDown();
            } catch (InterruptedException ignored) {
                // test ends
            }
        });
        waiter.start();
        assertThat(resumed.await(100, TimeUnit.MILLISECONDS)).isFalse();
        g.update(74.9);
        assertThat(resumed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(g.state()).isEqualTo(ThermalState.NORMAL);
        assertThat(g.factor()).isEqualTo(1.0);
    }

    @Test
    void detectorCallRateFollowsTheFactor() throws Exception {
        ThermalGovernor g = new ThermalGovernor(p);
        FrameGate gate = new FrameGate(g);
        double[] temps = {60, 77.5, 80, 84, 88};
        double[] expected = {1.0, 0.8, 0.6, 0.28, 0.2};
        for (int k = 0; k < temps.length; k++) {
            g.update(temps[k]);
            int calls = 0;
            for (int frame = 0; frame < 1000; frame++) {
                if (gate.admit()) {
                    calls++; // the detector would run here
                }
            }
            assertThat(calls).as("detector calls per 1000 frames at %s °C", temps[k])
                    .isBetween((int) Math.floor(expected[k] * 1000) - 1, (int) Math.ceil(expected[k] * 1000) + 1);
        }
        g.update(95);
        assertThat(gate.tryAdmit()).as("paused: no detector call").isFalse();
    }

    @Test
    void badPoliciesAreNamed() {
        assertThatThrownBy(() -> new ThermalPolicy(80, 75, 0.2, 90, 1)).hasMessageContaining("floorAt 75");
        assertThatThrownBy(() -> new ThermalPolicy(75, 85, 0, 90, 1)).hasMessageContaining("minFactor 0");
        assertThatThrownBy(() -> new ThermalPolicy(75, 85, 0.2, 80, 1)).hasMessageContaining("critical 80");
    }
}
