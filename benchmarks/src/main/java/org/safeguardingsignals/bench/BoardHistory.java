package org.safeguardingsignals.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.topics.Topics;

/** The alert board's history for the console benchmark: what the alert topic holds before the console starts. */
final class BoardHistory {
    private static final String[] AUTHORITIES = {"E09000022", "E10000016", "E08000025"};
    private static final String[] RULES = {"repeat-missing", "toxic-trio-emerging", "neglect-signals", "re-referral"};

    private BoardHistory() {}

    /**
     * Writes {@code alerts} alerts over the last two years across three authorities (as detection's producer would):
     * a board as the alert-volume figures put two years of three authorities. Returns the ids of Lambeth's.
     */
    static List<String> write(BenchWorld world, int alerts, long seed) {
        Random random = new Random(seed);
        List<String> lambeth = new ArrayList<>();
        try (var producer = AlertFlow.alertProducer(world)) {
            for (int i = 0; i < alerts; i++) {
                String authority = AUTHORITIES[random.nextInt(AUTHORITIES.length)];
                RiskAlert alert = historical(random, authority);
                if (authority.equals(LoadUsers.AUTHORITY)) {
                    lambeth.add(alert.getAlertId());
                }
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.getChildPseudonym(), alert));
            }
            producer.flush();
        }
        return lambeth;
    }

    private static RiskAlert historical(Random random, String authority) {
        Instant raised = Instant.now().minus(Duration.ofMinutes(random.nextInt(730 * 24 * 60) + 60));
        List<Evidence> evidence = new ArrayList<>();
        for (int e = 0, n = 2 + random.nextInt(5); e < n; e++) {
            evidence.add(Evidence.newBuilder()
                    .setAgency(Agency.POLICE)
                    .setSourceEventId(UUID.randomUUID().toString())
                    .setSourceReference("REF-" + random.nextInt(1_000_000))
                    .setCategory(IndicatorCategory.MISSING_EPISODE)
                    .setOccurredAt(raised.minus(Duration.ofDays(e + 1L)))
                    .build());
        }
        byte[] child = new byte[32];
        random.nextBytes(child);
        return RiskAlert.newBuilder()
                .setAlertId("board-" + UUID.randomUUID())
                .setRuleId(RULES[random.nextInt(RULES.length)])
                .setRuleVersion(1)
                .setSeverity(Severity.values()[random.nextInt(Severity.values().length)])
                .setChildPseudonym(HexFormat.of().formatHex(child))
                .setLocalAuthority(authority)
                .setEvidence(evidence)
                .setWindow(new AlertWindow(raised.minus(Duration.ofDays(90)), raised))
                .setRaisedAt(raised)
                .setRoutedTo(List.of(authority))
                .build();
    }
}
