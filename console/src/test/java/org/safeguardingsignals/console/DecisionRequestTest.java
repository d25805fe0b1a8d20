package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.ConsentBasis;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DecisionReason;

class DecisionRequestTest {

    @Test
    void codesAreReadAndTheRationaleTrimmed() {
        DecisionRequest r = DecisionRequest.parse(Map.of(
                "outcome", "SECTION_47_ENQUIRY",
                "reason", "REASONABLE_CAUSE_TO_SUSPECT_SIGNIFICANT_HARM",
                "consentBasis", "STATUTORY_DUTY",
                "rationale", "  second incident\nin a month  "));

        assertThat(r)
                .isEqualTo(new DecisionRequest(
                        DecisionOutcome.SECTION_47_ENQUIRY,
                        DecisionReason.REASONABLE_CAUSE_TO_SUSPECT_SIGNIFICANT_HARM,
                        ConsentBasis.STATUTORY_DUTY,
                        "second incident\nin a month"));
    }

    @Test
    void missingOrUnknownCodesAreUnknownForTheFrontDoorRulesToRefuseAndABlankRationaleIsNone() {
        Map<String, Object> body = new HashMap<>();
        body.put("outcome", "MAYBE");
        body.put("reason", null);
        body.put("rationale", "   ");

        assertThat(DecisionRequest.parse(body))
                .isEqualTo(new DecisionRequest(
                        DecisionOutcome.UNKNOWN, DecisionReason.UNKNOWN, ConsentBasis.UNKNOWN, null));
        assertThat(DecisionRequest.parse(Map.of()).rationale()).isNull();
    }

    @Test
    void aRationaleIsAtMostFiveHundredCharactersOfPlainText() {
        String longest = "x".repeat(DecisionRequest.MAX_RATIONALE);
        assertThat(DecisionRequest.parse(Map.of("rationale", longest)).rationale())
                .isEqualTo(longest);

        assertThatThrownBy(() -> DecisionRequest.parse(Map.of("rationale", longest + "x")))
                .isInstanceOf(DecisionRequest.Invalid.class)
                .hasMessage("rationale: at most 500 characters (501 given)");
        assertThatThrownBy(() -> DecisionRequest.parse(Map.of("rationale", "tab\there")))
                .isInstanceOf(DecisionRequest.Invalid.class)
                .hasMessage("rationale: plain text only (no control characters)");
    }
}
