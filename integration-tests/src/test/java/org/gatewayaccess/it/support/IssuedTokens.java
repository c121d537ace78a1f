package org.gatewayaccess.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every access, refresh and ID token a token endpoint handed to this test JVM (recorded by {@link Http}), so that
 * SecretsInLogIT can look for each of them in the server log after the other tests ran.
 */
public final class IssuedTokens {

    private static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();
    private static final List<String> FIELDS = List.of("access_token", "refresh_token", "id_token");

    private IssuedTokens() {}

    /** Called with every response body; cheap unless it is a token response. */
    static void recordFrom(String body) {
        if (body == null || !body.contains("\"access_token\"")) {
            return;
        }
        try {
            JsonNode json = Http.JSON.readTree(body);
            for (String field : FIELDS) {
                if (json.path(field).isTextual()) {
                    TOKENS.add(json.get(field).asText());
                }
            }
        } catch (java.io.IOException notJson) {
            // not a token response after all
        }
    }

    public static Set<String> all() {
        return Set.copyOf(TOKENS);
    }
}
