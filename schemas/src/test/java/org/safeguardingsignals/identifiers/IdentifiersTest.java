package org.safeguardingsignals.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Test vectors from docs/DOMAIN.md (section 6, Identifiers) plus each way an identifier can be wrong, with the reason
 * a person reads.
 */
class IdentifiersTest {

    @ParameterizedTest(name = "NHS number \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            9434765919 | valid
            9434765870 | valid
            9434765871 | NHS number check digit does not match the first nine digits
            9876544321 | NHS number check digit does not match the first nine digits
            0000000060 | NHS number cannot be valid: its first nine digits give check value 10
            NULL       | NHS number is missing
            ''         | NHS number is missing
            943476591  | NHS number must be 10 digits without spaces, found 9 characters
            943 476 5919 | NHS number must be 10 digits without spaces, found 12 characters
            94347659A9 | NHS number must be digits only, found another character at position 9
            """)
    void nhsNumber(String value, String reason) {
        assertThat(NhsNumber.check(value)).isEqualTo(expected(reason));
    }

    @ParameterizedTest(name = "UPN \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            B801200005001  | valid
            A801200005001  | UPN check letter does not match its digits
            I801200005001  | UPN must start with a capital check letter (A to Z without I, O and S)
            b801200005001  | UPN must start with a capital check letter (A to Z without I, O and S)
            A801200005008  | valid
            Z801200005017  | valid
            F999999999999  | valid
            B8012000050:1  | UPN characters 2 to 13 must be digits, found another character at position 12
            B8012000050/1  | UPN characters 2 to 13 must be digits, found another character at position 12
            B80120000500   | UPN must be 13 characters, found 12
            ''             | UPN is missing
            B8012000050X1  | UPN characters 2 to 13 must be digits, found another character at position 12
            NULL           | UPN is missing
            """)
    void uniquePupilNumber(String value, String reason) {
        assertThat(UniquePupilNumber.check(value)).isEqualTo(expected(reason));
    }

    @ParameterizedTest(name = "GSS code \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            E09000022 | valid
            E06000023 | valid
            E08000025 | valid
            E10000020 | valid
            E10999999 | valid
            E1099999: | local authority GSS code must end in 6 digits
            E109999/9 | local authority GSS code must end in 6 digits
            ''        | local authority GSS code is missing
            E07000008 | E07 is a shire district, which has no children's services: use the county's E10 code
            W06000015 | local authority GSS code must start E06, E08, E09 or E10 (an English authority with children's services)
            E0900002  | local authority GSS code must be 9 characters (e.g. E09000022), found 8
            E0900002X | local authority GSS code must end in 6 digits
            NULL      | local authority GSS code is missing
            """)
    void localAuthorityCode(String value, String reason) {
        assertThat(LocalAuthorityCode.check(value)).isEqualTo(expected(reason));
    }

    @ParameterizedTest(name = "URN \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            100000 | valid
            137283 | valid
            199999 | valid
            19999: | school URN must be 6 digits
            /99999 | school URN must be 6 digits
            ''     | school URN is missing
            012345 | school URN must be 100000 or more
            13728  | school URN must be 6 digits
            1372A3 | school URN must be 6 digits
            NULL   | school URN is missing
            """)
    void schoolUrn(String value, String reason) {
        assertThat(SchoolUrn.check(value)).isEqualTo(expected(reason));
    }

    @ParameterizedTest
    @CsvSource({"9434765871", "9876544321"})
    void reasonsNeverRepeatTheIdentifier(String invalid) {
        assertThatThrownBy(() -> NhsNumber.check(invalid).orThrow("child.nhsNumber"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("child.nhsNumber: ")
                .hasMessageNotContaining(invalid);
    }

    private static IdentifierCheck expected(String reason) {
        return "valid".equals(reason) ? IdentifierCheck.ok() : IdentifierCheck.fail(reason);
    }

    @ParameterizedTest(name = "agency reference \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            A1               | valid
            Z9               | valid
            a0               | valid
            z-_/.:           | valid
            0A               | valid
            9z               | valid
            NULL             | is missing
            ''               | is missing
            @1               | must start with a letter or a digit
            [1               | must start with a letter or a digit
            `1               | must start with a letter or a digit
            {1               | must start with a letter or a digit
            /1               | must start with a letter or a digit
            :1               | must start with a letter or a digit
            A@               | may contain only letters A-Z and a-z, digits 0-9 and - _ / . : (character 2 is not one of them)
            AB[              | may contain only letters A-Z and a-z, digits 0-9 and - _ / . : (character 3 is not one of them)
            A`               | may contain only letters A-Z and a-z, digits 0-9 and - _ / . : (character 2 is not one of them)
            A{               | may contain only letters A-Z and a-z, digits 0-9 and - _ / . : (character 2 is not one of them)
            A+               | may contain only letters A-Z and a-z, digits 0-9 and - _ / . : (character 2 is not one of them)
            """)
    void agencyReference(String value, String reason) {
        assertThat(AgencyReference.check(value)).isEqualTo(expected(reason));
        assertThat(AgencyReference.isValid(value)).isEqualTo("valid".equals(reason));
    }

    @Test
    void eachIdentifierSaysWhetherItIsValid() {
        assertThat(NhsNumber.isValid("9434765919")).isTrue();
        assertThat(NhsNumber.isValid("9434765918")).isFalse();
        assertThat(UniquePupilNumber.isValid("B801200005001")).isTrue();
        assertThat(UniquePupilNumber.isValid("C801200005001")).isFalse();
        assertThat(LocalAuthorityCode.isValid("E09000022")).isTrue();
        assertThat(LocalAuthorityCode.isValid("E07000008")).isFalse();
        assertThat(SchoolUrn.isValid("100000")).isTrue();
        assertThat(SchoolUrn.isValid("099999")).isFalse();
        assertThat(AgencyReference.isValid("MPS-1")).isTrue();
        assertThat(AgencyReference.isValid("MPS 1")).isFalse();
        assertThat(AgencyReference.isValid("A".repeat(AgencyReference.MAX_LENGTH + 1)))
                .isFalse();
    }

    @Test
    void aFailedCheckNamesTheFieldAndTheRuleButNotTheValue() {
        InvalidIdentifierException e = catchThrowableOfType(
                InvalidIdentifierException.class, () -> SchoolUrn.check("1234").orThrow("schoolUrn"));
        assertThat(e.field()).isEqualTo("schoolUrn");
        assertThat(e.reason()).isEqualTo("school URN must be 6 digits");
        assertThat(e).hasMessage("schoolUrn: school URN must be 6 digits");
        NhsNumber.check("9434765919").orThrow("child.nhsNumber"); // a valid one throws nothing
        assertThatThrownBy(() -> new IdentifierCheck(false, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theCheckDigitIsAddedOnlyToNineDigits() {
        assertThat(NhsNumber.withCheckDigit("943476591")).contains("9434765919");
        assertThat(NhsNumber.withCheckDigit("000000006")).as("check value 10").isEmpty();
        for (String bad : new String[] {"94347659", "9434765910", "94347659A", "94347659/", "94347659:"}) {
            assertThatThrownBy(() -> NhsNumber.withCheckDigit(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("need exactly nine digits");
        }
    }

    @Test
    void firstValidFromSearchesUpToTheLastNineDigitPrefix() {
        assertThat(NhsNumber.firstValidFrom(999_999_999L)).isEqualTo("9999999999");
        assertThatThrownBy(() -> NhsNumber.firstValidFrom(1_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no valid NHS number at or above these nine digits");
    }

    @Test
    void firstValidFromSkipsPrefixesThatHaveNoValidNumber() {
        assertThat(NhsNumber.firstValidFrom(943476591L)).isEqualTo("9434765919");
        // 000000006 gives check value 10, so no valid number starts with it: the next prefix is used
        assertThat(NhsNumber.firstValidFrom(6L)).startsWith("000000007");
        assertThat(NhsNumber.isValid(NhsNumber.firstValidFrom(6L))).isTrue();
    }
}
