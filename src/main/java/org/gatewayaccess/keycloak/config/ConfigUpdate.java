package org.gatewayaccess.keycloak.config;

import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.sync.SyncService;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Map;

/**
 * Stores a validated configuration document, whatever it came from ({@code PUT /config}, or a
 * realm import declaring it), and keeps the realm attribute {@value #ATTRIBUTE} equal to it, so
 * that a realm export carries the configuration and re-importing it restores the same
 * behaviour. A change to the mappings starts a sync after the commit, so memberships follow.
 */
public final class ConfigUpdate {

    /** The configuration document as JSON, with group paths (not ids), as {@code GET /config} shows it. */
    public static final String ATTRIBUTE = "gatewayAccess.config";

    private final KeycloakSession session;

    public ConfigUpdate(KeycloakSession session) {
        this.session = session;
    }

    /** @return the stored document, as {@code GET /config} renders it */
    public Map<String, Object> save(RealmModel realm, GatewayGroups before, GatewayConfigParser.Parsed parsed, String actorId) {
        GatewayConfigStore store = new GatewayConfigStore(session);
        store.save(realm, parsed.systemGroups(), parsed.config(), actorId);
        Map<String, Object> document = store.render(realm, parsed.systemGroups(), parsed.config());
        realm.setAttribute(ATTRIBUTE, Json.write(document));
        if (!before.config().roleMappings().equals(parsed.config().roleMappings())
            || !before.config().identityProviderMappings().equals(parsed.config().identityProviderMappings())) {
            new SyncService(session).start(realm, false, actorId);
        }
        return document;
    }
}
