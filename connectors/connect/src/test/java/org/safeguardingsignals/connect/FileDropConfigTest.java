package org.safeguardingsignals.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.agency.rows.EventTypes;
import org.safeguardingsignals.topics.Topics;

/** Which topic a connector's files go to: the event type's, and for retractions the agency's own. */
class FileDropConfigTest {
    static Map<String, String> settings(String type, String agency) {
        Map<String, String> s = new HashMap<>();
        s.put(FileDropConfig.DIRECTORY, "/tmp/drop");
        s.put(FileDropConfig.EVENT_TYPE, type);
        if (agency != null) {
            s.put(FileDropConfig.AGENCY, agency);
        }
        return s;
    }

    @Test
    void retractionsGoToTheTopicOfTheConnectorsAgency() {
        assertThat(new FileDropConfig(settings("retraction", "police"))
                        .eventType()
                        .contract()
                        .topic())
                .isEqualTo(Topics.POLICE_RETRACTIONS);
        assertThat(new FileDropConfig(settings("retraction", "health"))
                        .eventType()
                        .contract()
                        .topic())
                .isEqualTo(Topics.HEALTH_RETRACTIONS);
        assertThat(new FileDropConfig(settings("retraction", "school"))
                        .eventType()
                        .contract()
                        .topic())
                .isEqualTo(Topics.SCHOOL_RETRACTIONS);
        assertThat(new FileDropConfig(settings("retraction", "childrens-services"))
                        .eventType()
                        .contract()
                        .topic())
                .isEqualTo(Topics.CHILDRENS_SERVICES_RETRACTIONS);
        assertThat(new FileDropConfig(settings("retraction", "RETURN_INTERVIEWS"))
                        .eventType()
                        .contract()
                        .topic())
                .isEqualTo(Topics.RETURN_INTERVIEW_RETRACTIONS);
    }

    @Test
    void aRetractionConnectorWithoutAKnownAgencyFailsAtStartNamingTheSetting() {
        assertThatThrownBy(() -> new FileDropConfig(settings("retraction", null)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agency: retraction files go to the publishing agency's own topic: set agency (one of "
                        + "police, health, school, childrens-services, return-interviews)");
        assertThatThrownBy(() -> new FileDropConfig(settings("retraction", "probation")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not one of police, health, school, childrens-services, return-interviews");
    }

    @Test
    void otherTypesGoToTheirOwnTopicWhateverTheAgency() {
        assertThat(new FileDropConfig(settings("referral", null)).eventType()).isSameAs(EventTypes.REFERRAL);
        assertThat(new FileDropConfig(settings("missing-episode", "childrens-services")).eventType())
                .isSameAs(EventTypes.MISSING_EPISODE);
    }
}
