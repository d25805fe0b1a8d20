package org.safeguardingsignals.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean ...?": the closest known word, only when it is close enough to be a typo. */
class SuggestionsTest {
    static final List<String> COLUMNS = List.of("incident_reference", "nhs_number", "occurred_at", "la");

    @Test
    void aTypoIsMatchedToTheClosestKnownWordWhateverItsCase() {
        assertThat(Suggestions.nearest("incident_refernce", COLUMNS)).contains("incident_reference");
        assertThat(Suggestions.nearest("NHS_NUMBR", COLUMNS)).contains("nhs_number");
        assertThat(Suggestions.nearest("nhs_number", COLUMNS)).contains("nhs_number");
        assertThat(Suggestions.nearest("Occurred_At", List.of("OCCURRED_AT"))).contains("OCCURRED_AT");
    }

    @Test
    void aWordTooFarFromEveryKnownOneHasNoSuggestion() {
        assertThat(Suggestions.nearest("postcode", COLUMNS)).isEmpty();
        assertThat(Suggestions.nearest("anything", List.of())).isEmpty();
    }

    @Test
    void closeEnoughIsTwoEditsOrAQuarterOfTheKnownWordWhicheverIsMore() {
        // 18 letters: four edits are a typo, five are not
        assertThat(Suggestions.nearest("inciXXXX_reference", List.of("incident_reference")))
                .contains("incident_reference");
        assertThat(Suggestions.nearest("incXXXXX_reference", List.of("incident_reference")))
                .isEmpty();
        // short words: two edits
        assertThat(Suggestions.nearest("xy", List.of("la"))).contains("la");
        assertThat(Suggestions.nearest("xyz", List.of("la"))).isEmpty();
    }

    @Test
    void distanceIsTheLevenshteinDistance() {
        assertThat(Suggestions.distance("", "")).isZero();
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("abc", "")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("flaw", "lawn")).isEqualTo(2);
        assertThat(Suggestions.distance("abc", "abc")).isZero();
        assertThat(Suggestions.distance("abc", "acb")).isEqualTo(2);
        assertThat(Suggestions.distance("ab", "abcd")).isEqualTo(2);
        assertThat(Suggestions.distance("abcd", "b")).isEqualTo(3);
    }
}
