package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An access token of the realm that was valid and has expired: issued through a client of its own whose
 * {@code access.token.lifespan} is a few seconds, shown to work first, then left to expire.
 */
public final class ExpiredToken {

    private static final String CLIENT = "short-lived-cli";
    private static final int LIFESPAN_SECONDS = 4;

    private ExpiredToken() {}

    /** A token of {@code username} that the API accepted while it was valid and that has now expired. */
    public static String of(KeycloakAdmin admin, GatewayRealm gw, String username) {
        ObjectNode client = Http.JSON.createObjectNode();
        client.put("clientId", CLIENT);
        client.put("publicClient", true);
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.putObject("attributes").put("access.token.lifespan", String.valueOf(LIFESPAN_SECONDS));
        Http.Result created =
                Http.post(admin.baseUrl() + "/admin/realms/" + gw.name() + "/clients", admin.token(), client);
        assertEquals(201, created.status(), created::toString);

        String token = admin.passwordToken(gw.name(), CLIENT, username, GatewayRealm.PASSWORD);
        long expiresAtMillis = claims(token).get("exp").asLong() * 1000;
        Http.Result whileValid = Http.get(gw.api() + "/me", token);
        if (System.currentTimeMillis() < expiresAtMillis - 500) {
            // proves that the later 401 is the expiry, not a token the API never accepted
            assertEquals(200, whileValid.status(), () -> "the short-lived token while valid: " + whileValid);
        }
        sleepUntil(expiresAtMillis + 2_000);
        return token;
    }

    /** The token's payload, read without verifying it (the server does that). */
    public static JsonNode claims(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        try {
            return Http.JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleepUntil(long millis) {
        try {
            long wait = millis - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
