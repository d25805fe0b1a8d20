package org.safeguardingsignals.governance;

import java.util.List;

/**
 * The kinds of personal data an input record declares with {@code @dataCategories}, and the lawful basis each needs
 * under UK GDPR and the Data Protection Act 2018 (docs/DOMAIN.md, Data protection).
 */
public final class DataCategory {
    /** Special category data: health (UK GDPR Art 9). */
    public static final String HEALTH = "health";
    /** Personal data relating to criminal offences or allegations (UK GDPR Art 10, DPA 2018 s11(2)). */
    public static final String CRIMINAL_OFFENCE = "criminal-offence";

    public static final List<String> ALL = List.of(HEALTH, CRIMINAL_OFFENCE);

    static final String PUBLIC_TASK = "UK GDPR Art 6(1)(e) (public task)";
    static final String SAFEGUARDING_CONDITION =
            "UK GDPR Art 9(2)(g) (substantial public interest) with DPA 2018 Schedule 1 paragraph 18 (safeguarding of"
                    + " children and of individuals at risk)";
    static final String CRIMINAL_OFFENCE_CONDITION =
            "UK GDPR Art 10 with DPA 2018 s10(5) and Schedule 1 paragraph 18 (safeguarding of children and of"
                    + " individuals at risk)";

    private DataCategory() {}

    /** The lawful basis of a flow carrying these categories. */
    static String lawfulBasis(EventType type) {
        StringBuilder b = new StringBuilder(PUBLIC_TASK);
        if (type.specialCategory()) {
            b.append("; ").append(SAFEGUARDING_CONDITION);
        }
        if (type.criminalOffenceData()) {
            b.append("; ").append(CRIMINAL_OFFENCE_CONDITION);
        }
        return b.toString();
    }

    /** The categories in words. */
    static String describe(EventType type) {
        if (type.dataCategories().isEmpty()) {
            return "personal data";
        }
        return String.join(
                ", ",
                type.dataCategories().stream()
                        .map(c -> switch (c) {
                            case HEALTH -> "special category (health)";
                            case CRIMINAL_OFFENCE -> "criminal offence data";
                            default -> c;
                        })
                        .toList());
    }
}
