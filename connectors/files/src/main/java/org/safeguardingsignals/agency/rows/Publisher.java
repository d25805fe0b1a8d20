package org.safeguardingsignals.agency.rows;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;

/**
 * The publishing principals (agency-police, agency-health, ...), each with its own retraction topic: the access rules
 * let each write only its own, so a retraction file names whose it is (the command's {@code --agency}, the
 * connector's {@code agency}), not its rows.
 */
public enum Publisher {
    POLICE("police", Agency.POLICE, InputContracts.POLICE_RETRACTION),
    HEALTH("health", Agency.HEALTH, InputContracts.HEALTH_RETRACTION),
    SCHOOL("school", Agency.SCHOOL, InputContracts.SCHOOL_RETRACTION),
    CHILDRENS_SERVICES("childrens-services", Agency.CHILDRENS_SERVICES, InputContracts.CHILDRENS_SERVICES_RETRACTION),
    /** Commissioned by children's services: their events' headers name CHILDRENS_SERVICES, their topic is their own. */
    RETURN_INTERVIEWS("return-interviews", Agency.CHILDRENS_SERVICES, InputContracts.RETURN_INTERVIEW_RETRACTION);

    private final String label;
    private final Agency agency;
    private final InputContract<Retraction> retractions;

    Publisher(String label, Agency agency, InputContract<Retraction> retractions) {
        this.label = label;
        this.agency = agency;
        this.retractions = retractions;
    }

    /** The name on the command line and in connector settings: the principal's name after "agency-". */
    public String label() {
        return label;
    }

    /** The agency a row's header names when its source_agency is empty. */
    public Agency agency() {
        return agency;
    }

    /** The contract, and so the topic, of this publisher's retractions. */
    public InputContract<Retraction> retractions() {
        return retractions;
    }

    /** By label, forgiving case and "_" for "-" ("CHILDRENS_SERVICES" reads as childrens-services). */
    public static Optional<Publisher> byLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String wanted = label.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(p -> p.label.equals(wanted)).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Publisher::label).toList();
    }
}
