package org.safeguardingsignals.agency.examples;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.safeguardingsignals.agency.AgencyPublisher;
import org.safeguardingsignals.agency.AgencyPublisher.Receipt;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.LinkedChild;

/** Publishes one domestic-abuse incident. Usage: PublishIncident CREDENTIALS_FILE BOOTSTRAP_SERVERS REGISTRY_URL */
public final class PublishIncident {
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: PublishIncident CREDENTIALS_FILE BOOTSTRAP_SERVERS REGISTRY_URL");
            System.exit(2);
        }
        // your principal's settings: security.protocol, sasl.*, ssl.truststore.* (see "Connecting with your
        // credentials")
        Properties credentials = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            credentials.load(in);
        }
        Receipt receipt = publish(credentials, args[1], args[2]);
        System.out.printf(
                "event %s is at %s-%d@%d%n", receipt.eventId(), receipt.topic(), receipt.partition(), receipt.offset());
    }

    static Receipt publish(Properties credentials, String bootstrapServers, String registryUrl) {
        // when it happened, from the force's record: not when this program runs
        Instant occurredAt = Instant.parse("2025-03-01T21:15:00Z");
        DomesticAbuseIncident incident = Events.domesticAbuseIncident(
                        // agency, organisation (the force code), local authority (GSS code), when it happened
                        Events.header(Agency.POLICE, "01", "E09000022", occurredAt))
                .setIncidentReference("MPS-2025-000123") // the force's own reference
                .setChildren(List.of(LinkedChild.newBuilder()
                        .setChild(Events.child("9434765919")) // the child's NHS number
                        .setPresent(true) // the child was present at the incident
                        .build()))
                .setDashRiskLevel(DashRiskLevel.MEDIUM)
                .setPoliceAttended(true)
                .build();
        try (AgencyPublisher publisher = AgencyPublisher.builder()
                .bootstrapServers(bootstrapServers)
                .schemaRegistryUrl(registryUrl)
                .properties(credentials)
                .build()) {
            // the event id is derived from the incident: run this twice and the pipeline counts it once
            return publisher.send(incident).join();
        }
    }
}
