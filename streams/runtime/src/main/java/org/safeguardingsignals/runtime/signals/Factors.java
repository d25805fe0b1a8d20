package org.safeguardingsignals.runtime.signals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.IndicatorCategory;

/**
 * Maps Children in Need census factors to indicator categories. For the toxic trio, factors about a parent or carer,
 * or another person in the household, count; so does domestic abuse where the child is the subject (the child lives
 * with it). The child's own alcohol, drug or mental-health factors are not parental factors and do not count.
 * Neglect is its own category (the neglect-signals rule); child sexual or criminal exploitation, gangs and
 * trafficking are one category, exploitation (it raises the severity of repeat missing).
 */
final class Factors {
    private Factors() {}

    static Set<IndicatorCategory> categories(List<AssessmentFactor> factors) {
        Set<IndicatorCategory> out = new LinkedHashSet<>();
        for (AssessmentFactor f : factors) {
            switch (f) {
                case DOMESTIC_ABUSE_CHILD, DOMESTIC_ABUSE_PARENT, DOMESTIC_ABUSE_OTHER ->
                    out.add(IndicatorCategory.DOMESTIC_ABUSE);
                case MENTAL_HEALTH_PARENT, MENTAL_HEALTH_OTHER -> out.add(IndicatorCategory.PARENTAL_MENTAL_HEALTH);
                case ALCOHOL_MISUSE_PARENT, ALCOHOL_MISUSE_OTHER -> out.add(IndicatorCategory.PARENTAL_ALCOHOL_MISUSE);
                case DRUG_MISUSE_PARENT, DRUG_MISUSE_OTHER -> out.add(IndicatorCategory.PARENTAL_DRUG_MISUSE);
                case NEGLECT -> out.add(IndicatorCategory.NEGLECT);
                case CHILD_SEXUAL_EXPLOITATION, CHILD_CRIMINAL_EXPLOITATION, GANGS, TRAFFICKING ->
                    out.add(IndicatorCategory.EXPLOITATION);
                default -> {
                    // other factors are carried by the referral itself, not as separate indicators
                }
            }
        }
        return out;
    }
}
