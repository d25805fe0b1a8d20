package org.safeguardingsignals.identifiers;

/**
 * ONS GSS code of an English local authority with children's services: E06 (unitary), E08 (metropolitan
 * district), E09 (London borough) or E10 (county), then 6 digits. E07 shire districts hold no children's services.
 */
public final class LocalAuthorityCode {
    private LocalAuthorityCode() {}

    public static IdentifierCheck check(String value) {
        if (value == null || value.isEmpty()) {
            return IdentifierCheck.fail("local authority GSS code is missing");
        }
        if (value.length() != 9) {
            return IdentifierCheck.fail(
                    "local authority GSS code must be 9 characters (e.g. E09000022), found " + value.length());
        }
        for (int i = 3; i < 9; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return IdentifierCheck.fail("local authority GSS code must end in 6 digits");
            }
        }
        String entity = value.substring(0, 3);
        return switch (entity) {
            case "E06", "E08", "E09", "E10" -> IdentifierCheck.ok();
            case "E07" ->
                IdentifierCheck.fail(
                        "E07 is a shire district, which has no children's services: use the " + "county's E10 code");
            default ->
                IdentifierCheck.fail("local authority GSS code must start E06, E08, E09 or E10 (an English "
                        + "authority with children's services)");
        };
    }

    public static boolean isValid(String value) {
        return check(value).valid();
    }
}
