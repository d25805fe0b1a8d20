package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The median and 90th percentile are nearest-rank values: always one of the observed times, never interpolated. */
class NearestRankTest {
    static final long[] ONE_TO_TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void theRankIsTheSmallestValueWithAtLeastThatShareAtOrBelowIt() {
        assertThat(MetricAggregator.rank(ONE_TO_TEN, 0.5)).isEqualTo(5);
        assertThat(MetricAggregator.rank(ONE_TO_TEN, 0.9)).isEqualTo(9);
        assertThat(MetricAggregator.rank(new long[] {10, 20, 30, 40, 50}, 0.5)).isEqualTo(30);
        assertThat(MetricAggregator.rank(new long[] {10, 20, 30, 40, 50}, 0.9)).isEqualTo(50);
    }

    @Test
    void theEndsAreTheSmallestAndTheLargest() {
        assertThat(MetricAggregator.rank(ONE_TO_TEN, 0.0)).isEqualTo(1);
        assertThat(MetricAggregator.rank(ONE_TO_TEN, 1.0)).isEqualTo(10);
        assertThat(MetricAggregator.rank(new long[] {7}, 0.5)).isEqualTo(7);
    }
}
