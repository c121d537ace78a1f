package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Gateway group membership as the extension's API reports it. */
public final class Members {

    private Members() {}

    /** The user's sources in the gateway group (empty: not a member), read as a Keycloak admin. */
    public static List<String> sources(KeycloakAdmin admin, GatewayRealm gw, String groupId, String userId) {
        Http.Result r = Http.get(gw.api() + "/groups/" + groupId + "/members", admin.token());
        assertEquals(200, r.status(), r::toString);
        List<String> sources = new ArrayList<>();
        for (JsonNode m : r.json()) {
            if (userId.equals(m.get("userId").asText())) {
                m.get("sources").forEach(s -> sources.add(s.get("source").asText()));
            }
        }
        return sources;
    }

    /** Members of the gateway group, by Keycloak's count. */
    public static long count(KeycloakAdmin admin, GatewayRealm gw, String groupId) {
        Http.Result r = Http.get(gw.api() + "/groups", admin.token());
        assertEquals(200, r.status(), r::toString);
        for (JsonNode g : r.json()) {
            if (groupId.equals(g.get("id").asText())) {
                return g.get("memberCount").asLong();
            }
        }
        throw new AssertionError("no gateway group " + groupId + " in " + r);
    }

    /** Admin events of that resource type (and operation, if given), newest first. */
    public static List<JsonNode> adminEvents(KeycloakAdmin admin, String realm, String resourceType, String operation) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode e : admin.adminEvents(realm)) {
            if (resourceType.equals(e.path("resourceType").asText())
                    && (operation == null
                            || operation.equals(e.path("operationType").asText()))) {
                events.add(e);
            }
        }
        return events;
    }
}
