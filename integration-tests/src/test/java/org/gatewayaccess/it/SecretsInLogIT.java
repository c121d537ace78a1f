package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.Http;
import org.gatewayaccess.it.support.IssuedTokens;
import org.gatewayaccess.it.support.KeycloakServer;
import org.gatewayaccess.it.support.RealKeycloakTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The server log holds no secret: no access, refresh or ID token (none this JVM was issued, and nothing shaped like a
 * JWT), no client secret, no password — neither right nor wrong ones. It first does the things most likely to log
 * one (logins that work and that fail, refreshes, client credentials with a wrong secret, tampered and foreign
 * tokens, bodies that quote a token and are refused), then reads the whole log of this JVM's server. Ordered last
 * (junit-platform.properties), so that the log also holds every other test class's activity of the same run.
 */
@Order(Integer.MAX_VALUE)
class SecretsInLogIT extends RealKeycloakTest {

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]*");
    private static final Pattern BASE64URL_RUN = Pattern.compile("[A-Za-z0-9_-]{40,}");

    @Test
    void theServerLogHoldsNoTokenSecretOrPassword() throws Exception {
        GatewayRealm gw = GatewayRealm.create(ADMIN, "secrets");
        String tokenUrl = gw.realmUrl() + "/protocol/openid-connect/token";
        String wrongPassword = "Wrong-Password-" + UUID.randomUUID();
        String wrongSecret = "wrong-secret-" + UUID.randomUUID();

        Http.Result login = Http.postForm(
                tokenUrl,
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        GatewayRealm.CLI_CLIENT,
                        "username",
                        "gwadmin",
                        "password",
                        GatewayRealm.PASSWORD,
                        "scope",
                        "openid"));
        assertEquals(200, login.status(), login::toString);
        String access = login.json().get("access_token").asText();
        String refresh = login.json().get("refresh_token").asText();
        assertEquals(
                200,
                Http.postForm(
                                tokenUrl,
                                Map.of(
                                        "grant_type",
                                        "refresh_token",
                                        "client_id",
                                        GatewayRealm.CLI_CLIENT,
                                        "refresh_token",
                                        refresh))
                        .status());
        assertRefused(Http.postForm(
                tokenUrl,
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        GatewayRealm.CLI_CLIENT,
                        "username",
                        "gwadmin",
                        "password",
                        wrongPassword)));
        assertRefused(Http.postForm(
                tokenUrl,
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        GatewayRealm.CLI_CLIENT,
                        "username",
                        "nobody",
                        "password",
                        wrongPassword)));
        String checker = gw.checkerToken();
        assertRefused(Http.postForm(
                tokenUrl,
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        GatewayRealm.CHECKER_CLIENT,
                        "client_secret",
                        wrongSecret)));
        assertEquals(
                200,
                Http.get(gw.realmUrl() + "/protocol/openid-connect/userinfo", access)
                        .status());

        // the API with good, tampered and foreign tokens, and refused bodies that quote a token
        assertEquals(200, Http.get(gw.api() + "/me", access).status());
        assertEquals(
                200,
                Http.post(
                                gw.api() + "/check",
                                checker,
                                Map.of(
                                        "userId",
                                        gw.userId("plain"),
                                        "resourceType",
                                        "dataset",
                                        "resourceId",
                                        "x",
                                        "permission",
                                        "view"))
                        .status());
        assertEquals(401, Http.get(gw.api() + "/pools", access + "x").status());
        assertEquals(
                401,
                Http.get(gw.api() + "/pools", access.substring(0, access.lastIndexOf('.')))
                        .status());
        assertEquals(401, Http.get(gw.api() + "/pools", gw.otherRealmToken()).status());
        assertEquals(
                400,
                Http.post(gw.api() + "/check", access, "{\"resourceId\": \"" + refresh + "\"")
                        .status());
        assertEquals(
                400,
                Http.post(gw.api() + "/pools", access, Map.of("name", access, "secret", wrongSecret))
                        .status());
        assertEquals(
                204,
                Http.postForm(
                                gw.realmUrl() + "/protocol/openid-connect/logout",
                                Map.of("client_id", GatewayRealm.CLI_CLIENT, "refresh_token", refresh))
                        .status());

        Set<String> secrets = new LinkedHashSet<>(List.of(
                GatewayRealm.PASSWORD,
                GatewayRealm.CHECKER_SECRET,
                "broker-secret",
                "other-secret",
                KeycloakServer.ADMIN_PASSWORD,
                wrongPassword,
                wrongSecret));
        Set<String> tokens = IssuedTokens.all();
        assertTrue(tokens.contains(access) && tokens.contains(refresh), "the tokens of this JVM are recorded");

        // a token is recognised by its signature alone, so that one cut or re-wrapped in a log line is found too
        Set<String> signatures = new HashSet<>();
        tokens.forEach(t -> signatures.add(t.substring(t.lastIndexOf('.') + 1)));
        List<String> found = new ArrayList<>();
        // read leniently: a hostile request may have put bytes in the log that are not UTF-8
        List<String> lines = new String(Files.readAllBytes(SERVER.logFile()), StandardCharsets.UTF_8)
                .lines()
                .toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = SERVER.logFile().getFileName() + ":" + (i + 1) + ": ";
            if (JWT.matcher(line).find()) {
                found.add(where + "a JWT-shaped string: " + shorten(line));
            }
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    found.add(where + "the secret '" + secret + "': " + shorten(line));
                }
            }
            Matcher run = BASE64URL_RUN.matcher(line);
            while (run.find()) {
                if (signatures.contains(run.group())) {
                    found.add(where + "a token issued to this JVM: " + shorten(line));
                }
            }
        }
        System.out.println("SecretsInLogIT scanned " + lines.size() + " lines of " + SERVER.logFile() + " for "
                + secrets.size() + " secrets and " + tokens.size() + " issued tokens");
        assertTrue(found.isEmpty(), () -> "secrets in the server log:\n" + String.join("\n", found));
    }

    /** A failed login: Keycloak answers 400 or 401 depending on the grant; which one is not this test's subject. */
    private static void assertRefused(Http.Result r) {
        assertTrue(r.status() == 400 || r.status() == 401, r::toString);
    }

    private static String shorten(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
