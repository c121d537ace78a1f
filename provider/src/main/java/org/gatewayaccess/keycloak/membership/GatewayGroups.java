package org.gatewayaccess.keycloak.membership;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.config.GatewayConfigStore;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.gatewayaccess.keycloak.storage.GaRealmStateEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A realm's gateway groups: the three system groups plus every group a mapping writes
 * to. Only memberships of these groups carry sources; other groups are Keycloak's alone.
 */
public record GatewayGroups(SystemGroups system, GatewayConfig config) {

    /** The realm's gateway groups, or empty if the extension has not set the realm up yet. */
    public static Optional<GatewayGroups> of(KeycloakSession session, RealmModel realm) {
        GaRealmStateEntity state = GatewayAccessStore.of(session).realmStates().find(realm.getId());
        if (state == null || state.getMembershipsSeededAt() == null) {
            return Optional.empty();
        }
        SystemGroups system =
                new SystemGroups(state.getAdminsGroupId(), state.getReadOnlyAdminsGroupId(), state.getUsersGroupId());
        return Optional.of(new GatewayGroups(system, new GatewayConfigStore(session).load(realm, system)));
    }

    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(system.adminsGroupId());
        ids.add(system.readOnlyAdminsGroupId());
        ids.add(system.usersGroupId());
        ids.addAll(config.mappedGroupIds());
        return ids;
    }

    public boolean contains(String groupId) {
        return ids().contains(groupId);
    }

    /** {@code admins}, {@code readOnlyAdmins}, {@code users}, or null for a mapped group. */
    public String systemRole(String groupId) {
        if (groupId.equals(system.adminsGroupId())) {
            return "admins";
        }
        if (groupId.equals(system.readOnlyAdminsGroupId())) {
            return "readOnlyAdmins";
        }
        return groupId.equals(system.usersGroupId()) ? "users" : null;
    }
}
