package org.gatewayaccess.it.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Realm files as operators keep them (realm JSON in Git): the pieces more than one import test needs. */
public final class RealmFiles {

    private RealmFiles() {}

    /** An enabled realm with one OIDC identity provider, {@code partner-idp}, that nobody can sign in through (port 9). */
    public static ObjectNode withPartnerProvider(String realm) {
        ObjectNode json = Http.JSON.createObjectNode();
        json.put("realm", realm);
        json.put("enabled", true);
        ObjectNode idp = json.putArray("identityProviders").addObject();
        idp.put("alias", "partner-idp");
        idp.put("providerId", "oidc");
        idp.set(
                "config",
                Http.JSON.valueToTree(Map.of(
                        "clientId",
                        "c",
                        "clientSecret",
                        "s",
                        "authorizationUrl",
                        "http://127.0.0.1:9/auth",
                        "tokenUrl",
                        "http://127.0.0.1:9/token")));
        return json;
    }
}
