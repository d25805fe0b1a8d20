package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which headers a response gets: HSTS only over TLS, no-store only on data. The live check is in ConsoleApiIT. */
class SecurityHeadersTest {

    @Test
    void hstsOnlyOverTlsAndNoStoreOnlyOnData() {
        assertThat(SecurityHeaders.forResponse(true, false))
                .containsEntry("Strict-Transport-Security", SecurityHeaders.HSTS)
                .doesNotContainKey("Cache-Control");
        assertThat(SecurityHeaders.forResponse(false, true))
                .doesNotContainKey("Strict-Transport-Security")
                .containsEntry("Cache-Control", "no-store");
        assertThat(SecurityHeaders.forResponse(false, false))
                .containsKeys(
                        "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options");
    }

    @Test
    void thePolicyAllowsOnlyTheConsolesOwnFilesAndNoFraming() {
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }
}
