package org.gatewayaccess.keycloak.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.gatewayaccess.keycloak.representation.Config;
import org.gatewayaccess.keycloak.storage.GaRealmStateEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * Reads and writes the configuration document kept in GA_REALM_STATE.CONFIG (groups by
 * id). A realm that never stored one gets the contract's defaults, minus any default role
 * mapping that would be a cycle in this realm (its group already grants the role), which
 * is logged instead: a default must never make membership permanent by accident.
 */
public final class GatewayConfigStore {

    private static final Logger LOG = Logger.getLogger(GatewayConfigStore.class);

    private final KeycloakSession session;
    private final GatewayAccessStore store;

    public GatewayConfigStore(KeycloakSession session) {
        this.session = session;
        this.store = GatewayAccessStore.of(session);
    }

    public GatewayConfig load(RealmModel realm, SystemGroups groups) {
        GaRealmStateEntity state = store.realmStates().find(realm.getId());
        if (state == null || state.getConfig() == null) {
            return withoutDefaultCycles(realm, GatewayConfig.defaults(groups));
        }
        return fromStored(Json.parse(state.getConfig(), "The stored configuration"));
    }

    /** Stores the document; the system groups are recorded in their own columns. */
    public void save(RealmModel realm, SystemGroups groups, GatewayConfig config, String updatedBy) {
        GatewayAccessCaches.of(session).invalidate(realm.getId()); // system groups and discovery may change
        store.realmStates()
                .saveConfiguration(
                        realm.getId(), groups, Json.write(toStored(config)), System.currentTimeMillis(), updatedBy);
    }

    /** The document as the contract shows it: groups by path. */
    public Config render(RealmModel realm, SystemGroups groups, GatewayConfig config) {
        GroupPaths paths = new GroupPaths(session, realm);
        return new Config(
                new Config.GatewayGroups(
                        paths.path(groups.adminsGroupId()),
                        paths.path(groups.readOnlyAdminsGroupId()),
                        paths.path(groups.usersGroupId())),
                config.gatewayRoles(),
                config.roleMappings().stream()
                        .map(m -> new Config.RoleMapping(
                                m.role(),
                                String.valueOf(paths.path(m.groupId())),
                                m.mode().wireName()))
                        .toList(),
                config.identityProviderMappings().stream()
                        .map(m -> new Config.IdentityProviderMapping(
                                m.identityProvider(), String.valueOf(paths.path(m.groupId()))))
                        .toList(),
                new Config.Discovery(
                        config.poolsDiscoverable(),
                        config.discoveryGroupId() == null ? null : paths.path(config.discoveryGroupId())),
                new Config.PendingApproval(config.pendingApprovalEnabled(), config.pendingApprovalIdentityProviders()),
                config.adminPromotionRequiresRealmAdmin(),
                config.adminClientScopeRequired());
    }

    /** True when membership of {@code groupId} (or of a parent group) already grants {@code roleName}. */
    public boolean isCycle(RealmModel realm, String roleName, String groupId) {
        RoleModel role = realm.getRole(roleName);
        GroupModel group = groupId == null ? null : session.groups().getGroupById(realm, groupId);
        return role != null && group != null && group.hasRole(role);
    }

    private GatewayConfig withoutDefaultCycles(RealmModel realm, GatewayConfig defaults) {
        List<GatewayConfig.RoleMapping> kept = new ArrayList<>();
        for (GatewayConfig.RoleMapping mapping : defaults.roleMappings()) {
            if (isCycle(realm, mapping.role(), mapping.groupId())) {
                LOG.debugf(
                        "Default mapping of role %s is left out in realm %s: its group already grants the role",
                        mapping.role(), realm.getName());
            } else {
                kept.add(mapping);
            }
        }
        return defaults.withRoleMappings(kept);
    }

    private static Map<String, Object> toStored(GatewayConfig config) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("gatewayRoles", config.gatewayRoles());
        doc.put(
                "roleMappings",
                config.roleMappings().stream()
                        .map(m -> (Object) Map.of(
                                "role",
                                m.role(),
                                "groupId",
                                m.groupId(),
                                "mode",
                                m.mode().wireName()))
                        .toList());
        doc.put(
                "identityProviderMappings",
                config.identityProviderMappings().stream()
                        .map(m -> (Object) Map.of("identityProvider", m.identityProvider(), "groupId", m.groupId()))
                        .toList());
        doc.put("poolsDiscoverable", config.poolsDiscoverable());
        doc.put("discoveryGroupId", config.discoveryGroupId());
        doc.put("pendingApprovalEnabled", config.pendingApprovalEnabled());
        doc.put("pendingApprovalIdentityProviders", config.pendingApprovalIdentityProviders());
        doc.put("adminPromotionRequiresRealmAdmin", config.adminPromotionRequiresRealmAdmin());
        doc.put("adminClientScopeRequired", config.adminClientScopeRequired());
        return doc;
    }

    private static GatewayConfig fromStored(JsonNode doc) {
        List<String> roles = new ArrayList<>();
        doc.path("gatewayRoles").forEach(r -> roles.add(r.asText()));
        List<GatewayConfig.RoleMapping> roleMappings = new ArrayList<>();
        doc.path("roleMappings")
                .forEach(m -> roleMappings.add(new GatewayConfig.RoleMapping(
                        m.path("role").asText(),
                        m.path("groupId").asText(),
                        GatewayConfig.Mode.valueOf(m.path("mode").asText().toUpperCase(java.util.Locale.ROOT)))));
        List<GatewayConfig.IdentityProviderMapping> idpMappings = new ArrayList<>();
        doc.path("identityProviderMappings")
                .forEach(m -> idpMappings.add(new GatewayConfig.IdentityProviderMapping(
                        m.path("identityProvider").asText(), m.path("groupId").asText())));
        List<String> pendingIdps = new ArrayList<>();
        doc.path("pendingApprovalIdentityProviders").forEach(a -> pendingIdps.add(a.asText()));
        JsonNode discoveryGroup = doc.path("discoveryGroupId");
        return new GatewayConfig(
                roles,
                roleMappings,
                idpMappings,
                doc.path("poolsDiscoverable").asBoolean(true),
                discoveryGroup.isTextual() ? discoveryGroup.asText() : null,
                doc.path("pendingApprovalEnabled").asBoolean(false),
                pendingIdps,
                doc.path("adminPromotionRequiresRealmAdmin").asBoolean(true),
                // absent in documents stored before the field existed; those realms were given an explicit false at
                // upgrade
                // (AdminClientScope), so the default here only serves realms set up since, which start closed
                doc.path("adminClientScopeRequired").asBoolean(true));
    }
}
