package org.safeguardingsignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The measurement behind docs/ARCHITECTURE.md "Alert volume": by default a short run that checks what work items
 * promise; {@code -Dvolume.days=730 -Dvolume.children=40000} gives the local run's two years, printed.
 */
class AlertVolumeTest {

    @Test
    void workItemsGiveEachChildOneCardPerAuthorityUntilDecided() {
        int days = Integer.getInteger("volume.days", 120);
        int children = Integer.getInteger("volume.children", 10_000);
        AlertVolume.Figures f = AlertVolume.measure(days, children);
        System.out.print(f.report());

        assertThat(f.alerts()).as("the feed raises alerts").isNotEmpty();
        // nothing is decided, so no item closes: exactly one item per child per authority alerted
        assertThat(f.childAuthoritiesWithTwoOrMore(true)).isZero();
        assertThat(f.items()).hasSize(f.cardsPerChildAndAuthority(false).size());
        assertThat(f.alertCards()).isGreaterThanOrEqualTo(f.items().size());
        // every alert is evidence in the items of every authority it was routed to
        long joined =
                f.items().values().stream().mapToLong(i -> i.getAlerts().size()).sum();
        assertThat(joined).isEqualTo(f.alertCards());
    }
}
