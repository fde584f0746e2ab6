package dev.playlog.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AliasTableTest {

    @Test
    void drawsInProportionToTheWeights() {
        double[] weights = {5, 0, 1, 3, 0.5, 0.5};
        AliasTable table = new AliasTable(weights);
        SplittableRandom random = new SplittableRandom(4);
        int[] counts = new int[weights.length];
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            counts[table.sample(random)]++;
        }
        for (int i = 0; i < weights.length; i++) {
            assertThat((double) counts[i] / n).as("outcome %d", i).isCloseTo(weights[i] / 10, Offset.offset(0.002));
        }
        assertThat(counts[1]).isZero();
    }

    @Test
    void allZeroWeightsDrawUniformly() {
        AliasTable table = new AliasTable(new double[] {0, 0, 0, 0});
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[4];
        for (int i = 0; i < 400_000; i++) {
            counts[table.sample(random)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(98_000, 102_000);
        }
    }

    @Test
    void rejectsNegativeAndNonFiniteWeights() {
        assertThatThrownBy(() -> new AliasTable(new double[] {1, -1}))
                .hasMessage("weights must be finite and non-negative, got -1.0");
        assertThatThrownBy(() -> new AliasTable(new double[] {Double.NaN}))
                .hasMessage("weights must be finite and non-negative, got NaN");
        assertThatThrownBy(() -> new AliasTable(new double[0])).hasMessage("an alias table needs at least one weight");
    }
}
