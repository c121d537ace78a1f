package org.gatewayaccess.keycloak.sync;

import java.util.Set;
import org.gatewayaccess.keycloak.config.GatewayConfigParser;
import org.gatewayaccess.keycloak.config.GatewayConfigStore;
import org.gatewayaccess.keycloak.config.GroupPaths;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.GatewayAdmins;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.membership.LastAdminGuard;
import org.gatewayaccess.keycloak.representation.Config;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

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

    /** @return the stored document, as {@code GET /config} renders it, which the realm attribute now holds */
    public Config save(RealmModel realm, GatewayGroups before, GatewayConfigParser.Parsed parsed, String actorId) {
        Config document = store(realm, before, parsed, actorId);
        realm.setAttribute(ATTRIBUTE, Json.write(document));
        return document;
    }

    /**
     * The configuration the realm attribute declares: stored, and the attribute left exactly as its writer set it
     * (realm JSON in Git, keycloak-config-cli, Terraform), so that the tool reading it back sees no difference.
     *
     * @return the stored document, as {@code GET /config} renders it
     */
    public Config saveDeclared(
            RealmModel realm, GatewayGroups before, GatewayConfigParser.Parsed parsed, String actorId) {
        return store(realm, before, parsed, actorId);
    }

    private Config store(RealmModel realm, GatewayGroups before, GatewayConfigParser.Parsed parsed, String actorId) {
        requireAdminsAfter(realm, before, parsed);
        GatewayConfigStore store = new GatewayConfigStore(session);
        store.save(realm, parsed.systemGroups(), parsed.config(), actorId);
        Config document = store.render(realm, parsed.systemGroups(), parsed.config());
        if (!before.config().roleMappings().equals(parsed.config().roleMappings())
                || !before.config()
                        .identityProviderMappings()
                        .equals(parsed.config().identityProviderMappings())) {
            new SyncService(session).start(realm, false, actorId);
        }
        return document;
    }

    /**
     * Never zero admins, whoever re-points the admins group ({@code PUT /config}, the admin console's tab, a declaration):
     * a gateway that has an enabled admin keeps one, so the new admins group (with its subgroups) must hold an enabled
     * member. {@link LastAdminException} otherwise, under the realm's admin lock.
     */
    private void requireAdminsAfter(RealmModel realm, GatewayGroups before, GatewayConfigParser.Parsed parsed) {
        String next = parsed.systemGroups().adminsGroupId();
        if (next.equals(before.system().adminsGroupId())) {
            return;
        }
        GatewayAdmins current = GatewayAdmins.of(session, realm, before.system());
        if (current.groupIds().isEmpty() || !hasEnabledMember(realm, current)) {
            return; // nobody to keep: a gateway still being set up
        }
        LastAdminGuard.of(session)
                .requireAdminsRemain(
                        realm,
                        new GatewayAdmins(session, realm, next),
                        Set.of(),
                        Set.of(),
                        null,
                        "re-point gatewayGroups.admins to '" + new GroupPaths(session, realm).path(next) + "'");
    }

    private boolean hasEnabledMember(RealmModel realm, GatewayAdmins admins) {
        return GatewayAccessStore.of(session).keycloak().hasEnabledMember(admins.groupIds());
    }
}
