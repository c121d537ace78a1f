package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code GET /realms/{realm}/gateway-access/console/…}: the access console, a static page that
 * signs in through the realm itself and then calls the API with the user's token. The page
 * and its files need no token: they hold nothing but code. Every answer carries a strict
 * Content-Security-Policy (only this origin's scripts, styles and API; no inline code, no
 * frames) instead of the realm's default browser headers, which are written for
 * Keycloak's own pages.
 */
public final class ConsoleResource {

    /** Only our own files and API; no inline code, no plugins, no framing, DOM sinks only through Trusted Types. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                    + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none';"
                    + " require-trusted-types-for 'script'; trusted-types 'none'";

    private final KeycloakSession session;
    private final Endpoint endpoint;

    public ConsoleResource(KeycloakSession session, Endpoint endpoint) {
        this.session = session;
        this.endpoint = endpoint;
    }

    /** {@code …/console/} (the page), {@code …/console/<file>}, and {@code …/console} (redirected to the page). */
    @GET
    @Path("{file: .*}")
    public Response file(@PathParam("file") String file, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        URI uri = session.getContext().getUri().getRequestUri();
        if (file.isEmpty() && !uri.getRawPath().endsWith("/")) {
            // …/console → …/console/, so that the page's relative file URLs resolve under it
            return secured(Response.status(Response.Status.MOVED_PERMANENTLY)
                            .location(uri.resolve(uri.getRawPath() + "/")))
                    .build();
        }
        Optional<ConsoleAssets.Asset> found =
                endpoint.node().consoleAssets().find(file.isEmpty() ? "index.html" : file);
        if (found.isEmpty()) {
            return endpoint.error(404, "not_found", "No file of the access console at this path.");
        }
        ConsoleAssets.Asset asset = found.get();
        // The page is never stored, so a sign-out or an upgrade shows at once; its files are
        // revalidated by ETag on every use (cheap 304s) because their names carry no version.
        boolean page = asset.name().endsWith(".html");
        if (!page && matches(ifNoneMatch, asset.etag())) {
            return secured(Response.notModified())
                    .header(HttpHeaders.ETAG, asset.etag())
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .build();
        }
        Response.ResponseBuilder r = Response.ok(asset.bytes(), asset.contentType());
        if (page) {
            r.header(HttpHeaders.CACHE_CONTROL, "no-store");
        } else {
            r.header(HttpHeaders.CACHE_CONTROL, "no-cache").header(HttpHeaders.ETAG, asset.etag());
        }
        return secured(r).build();
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null
                && Arrays.stream(ifNoneMatch.split(","))
                        .map(String::trim)
                        .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                        .anyMatch(t -> t.equals(etag) || t.equals("*"));
    }

    /** Our browser headers in place of the realm's defaults (which allow framing by the same origin and allow inline code). */
    private Response.ResponseBuilder secured(Response.ResponseBuilder r) {
        skipRealmHeaders();
        r.header(BrowserSecurityHeaders.CONTENT_SECURITY_POLICY.getHeaderName(), CONTENT_SECURITY_POLICY)
                .header(BrowserSecurityHeaders.X_FRAME_OPTIONS.getHeaderName(), "DENY")
                .header(BrowserSecurityHeaders.X_CONTENT_TYPE_OPTIONS.getHeaderName(), "nosniff")
                .header(BrowserSecurityHeaders.REFERRER_POLICY.getHeaderName(), "no-referrer")
                .header(BrowserSecurityHeaders.X_ROBOTS_TAG.getHeaderName(), "none");
        // HTTPS-only is the realm's choice: keep its Strict-Transport-Security.
        String hsts = realmHeader(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY);
        if (hsts != null && !hsts.isEmpty()) {
            r.header(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getHeaderName(), hsts);
        }
        return r;
    }

    private void skipRealmHeaders() {
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
    }

    private String realmHeader(BrowserSecurityHeaders header) {
        RealmModel realm = session.getContext().getRealm();
        return realm.getBrowserSecurityHeaders().getOrDefault(header.getKey(), header.getDefaultValue());
    }
}
