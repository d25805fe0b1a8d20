package org.safeguardingsignals.console;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Headers every console response carries. The page runs only its own script and style files (no inline script,
 * style attribute or event handler), may not be framed, and sends no referrer; API answers are never cached, since
 * they hold alert and child data; HSTS only over TLS, where a browser honours it.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    static final String HSTS = "max-age=31536000";

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        String path = ctx.path();
        forResponse(ctx.req().isSecure(), path.startsWith("/api/")).forEach(ctx::header);
    }

    /** The headers for a response, sent over TLS or not, carrying data (API) or not (the page's files). */
    static Map<String, String> forResponse(boolean overTls, boolean data) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY"); // for browsers that predate frame-ancestors
        headers.put("Referrer-Policy", "no-referrer");
        if (data) {
            headers.put("Cache-Control", "no-store");
        }
        if (overTls) {
            headers.put("Strict-Transport-Security", HSTS);
        }
        return headers;
    }
}
