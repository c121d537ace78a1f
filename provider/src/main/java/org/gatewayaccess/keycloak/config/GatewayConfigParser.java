package org.gatewayaccess.keycloak.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Reads a {@code PUT /config} body (or a declared {@code gatewayAccess.config}, or the admin console's tab) and
 * validates it against the realm. The rules themselves — the document's shape, that every role, group path and
 * identity-provider alias exists (the document never creates them), that a role mapping whose group already grants
 * the role is refused as a cycle, and the delegation boundary — are {@link GatewayConfigValidator}'s; this class
 * answers its questions from Keycloak's model. A field left out takes its default (for {@code gatewayGroups}: the
 * current system groups).
 */
public final class GatewayConfigParser {

    /** A parsed document: the system groups it names and the rest. */
    public record Parsed(SystemGroups systemGroups, GatewayConfig config) {}

    private final KeycloakSession session;
    private final RealmModel realm;

    public GatewayConfigParser(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * @param current                       the system groups in force (the default of {@code gatewayGroups})
     * @param currentClientScopeRequired    the {@code adminClientScopeRequired} in force: left out, it is kept (see
     *                                      {@link GatewayConfigValidator#validate})
     * @throws GatewayAccessException the first refusal, with the contract's error body
     */
    public Parsed parse(String body, SystemGroups current, boolean currentClientScopeRequired) {
        return new GatewayConfigValidator(new KeycloakRealmFacts())
                .validate(Json.object(body), current, currentClientScopeRequired);
    }

    /** The validator's questions, answered from this realm; one instance per parse. */
    private final class KeycloakRealmFacts implements GatewayConfigValidator.RealmFacts {

        private final GroupPaths paths = new GroupPaths(session, realm);
        private final GatewayConfigStore configs = new GatewayConfigStore(session);

        /** The boundary of the last gateway roles asked about: the validator asks about every group under the same list. */
        private List<String> boundaryRoles;

        private DelegationBoundary boundary;

        @Override
        public boolean roleExists(String name) {
            return realm.getRole(name) != null;
        }

        @Override
        public String groupIdAt(String path) {
            GroupModel group = paths.find(path);
            return group == null ? null : group.getId();
        }

        @Override
        public boolean identityProviderExists(String alias) {
            return session.identityProviders().getByAlias(alias) != null;
        }

        @Override
        public String groupPath(String groupId) {
            return paths.path(groupId);
        }

        @Override
        public boolean groupGrantsRole(String groupId, String role) {
            return configs.isCycle(realm, role, groupId);
        }

        @Override
        public Optional<String> outsideGatewayRoles(String role, Set<String> gatewayRoles) {
            return DelegationBoundary.outsideGatewayRoles(realm, role, gatewayRoles);
        }

        @Override
        public Optional<String> privilegeOf(String groupId, List<String> gatewayRoles) {
            GroupModel group = groupId == null ? null : session.groups().getGroupById(realm, groupId);
            if (group == null) {
                return Optional.empty();
            }
            if (!gatewayRoles.equals(boundaryRoles)) {
                boundaryRoles = List.copyOf(gatewayRoles);
                boundary = new DelegationBoundary(realm, gatewayRoles);
            }
            return boundary.privilegeOf(group).map(DelegationBoundary::roleName);
        }
    }
}
