package org.safeguardingsignals.metrics;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Record;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReferralOutcome;
import org.safeguardingsignals.internal.ContactFacts;
import org.safeguardingsignals.internal.MetricDelta;

/**
 * Contacts with the front door and the share that become referrals, keyed by referral id: every record of one
 * contact (its first, then each update of its outcome) meets here, so a contact counts once and becomes a referral
 * once. Both are dated by the contact, so the share is of the contacts made in the period.
 */
final class FrontDoor extends JoinProcessors.Join<Referral, ContactFacts> {
    static final String STORE = "metrics-contacts";
    /** The outcomes that make a contact a referral: the child's needs are to be assessed (DfE). */
    static final Set<ReferralOutcome> REFERRED =
            EnumSet.of(ReferralOutcome.ASSESSMENT, ReferralOutcome.STRATEGY_DISCUSSION);

    FrontDoor() {
        super(STORE);
    }

    @Override
    public void process(Record<String, Referral> record) {
        Referral r = record.value();
        ContactFacts facts = store.get(record.key());
        List<MetricDelta> out = new ArrayList<>();
        if (facts == null) {
            facts = new ContactFacts(
                    r.getHeader().getOccurredAt(), r.getHeader().getLocalAuthority(), false);
            out.add(Deltas.count(facts.getLocalAuthority(), facts.getContactAt(), Metric.CONTACTS, Map.of(), 1));
        }
        if (!facts.getReferred() && REFERRED.contains(r.getOutcome())) {
            facts.setReferred(true);
            out.add(Deltas.count(
                    facts.getLocalAuthority(), facts.getContactAt(), Metric.CONTACTS_REFERRED, Map.of(), 1));
        }
        store.put(record.key(), facts);
        emit(out, record.timestamp());
    }
}
