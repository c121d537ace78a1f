package org.gatewayaccess.keycloak.membership;

import java.util.Optional;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * What happens once per realm, at the extension's first contact with it (existing realm
 * at start-up, new realm, realm import), set-based and in that same transaction:
 * <ol>
 *   <li>members already in a gateway group get source {@code admin} — someone put them
 *       there by hand (or by import) before the extension could record it;</li>
 *   <li>holders of the {@code admin} role join the admins group with source {@code seed},
 *       so that no gateway starts without an admin;</li>
 *   <li>every {@code sync} role mapping and identity-provider mapping is applied.</li>
 * </ol>
 */
public final class MembershipSeeding {

    private static final Logger LOG = Logger.getLogger(MembershipSeeding.class);

    private final KeycloakSession session;

    public MembershipSeeding(KeycloakSession session) {
        this.session = session;
    }

    public void seed(RealmModel realm, GatewayGroups groups) {
        MembershipBulk bulk = new MembershipBulk(session);
        // the realm's creator, or whoever's request first met the realm; nobody at start-up
        EventActor system = EventActor.of(session, realm.getId(), null);
        String realmId = realm.getId();
        for (String groupId : groups.ids()) {
            if (session.groups().getGroupById(realm, groupId) != null) {
                record(
                        realm,
                        system,
                        groupId,
                        GrantSource.ADMIN,
                        bulk.adoptMembers(realmId, groupId, GrantSource.ADMIN));
            }
        }
        DelegationBoundary boundary =
                new DelegationBoundary(realm, groups.config().gatewayRoles());
        RoleModel admin = realm.getRole(GatewayRealmSetup.ROLE_ADMIN);
        if (admin != null && ordinary(realm, boundary, groups.system().adminsGroupId())) {
            long seeded = bulk.addSources(
                    realmId,
                    groups.system().adminsGroupId(),
                    GrantSource.SEED,
                    null,
                    RoleHolders.of(session, realm, admin),
                    null,
                    false);
            record(realm, system, groups.system().adminsGroupId(), GrantSource.SEED, seeded);
        }
        for (GatewayConfig.RoleMapping mapping : groups.config().syncRoleMappings()) {
            RoleModel role = realm.getRole(mapping.role());
            if (role != null && ordinary(realm, boundary, mapping.groupId())) {
                String source = GrantSource.role(mapping.role());
                record(
                        realm,
                        system,
                        mapping.groupId(),
                        source,
                        bulk.addSources(
                                realmId,
                                mapping.groupId(),
                                source,
                                null,
                                RoleHolders.of(session, realm, role),
                                null,
                                false));
            }
        }
        for (GatewayConfig.IdentityProviderMapping mapping : groups.config().identityProviderMappings()) {
            if (ordinary(realm, boundary, mapping.groupId())) {
                String source = GrantSource.identityProvider(mapping.identityProvider());
                record(
                        realm,
                        system,
                        mapping.groupId(),
                        source,
                        bulk.addSources(
                                realmId,
                                mapping.groupId(),
                                source,
                                null,
                                new LinkedUsers(realmId, mapping.identityProvider()),
                                null,
                                false));
            }
        }
        long joined = 0;
        for (String groupId : groups.ids()) {
            if (session.groups().getGroupById(realm, groupId) != null) {
                joined += bulk.joinMissing(realmId, groupId, null);
            }
        }
        bulk.evictUsers(realm);
        LOG.infof(
                "Gateway Access recorded the gateway group memberships of realm %s (%d joined a group)",
                realm.getName(), joined);
    }

    /**
     * Whether the group exists and is ordinary: seeding writes automatic sources, and the extension never puts anyone
     * into a group that carries roles outside the gateway roles (an adopted group of that name may). Logged when not.
     */
    private boolean ordinary(RealmModel realm, DelegationBoundary boundary, String groupId) {
        GroupModel group = session.groups().getGroupById(realm, groupId);
        if (group == null) {
            return false;
        }
        Optional<RoleModel> privilege = boundary.privilegeOf(group);
        privilege.ifPresent(role -> LOG.warnf(
                "Realm %s: group %s gives role %s, which is not a gateway role; seeding adds nobody"
                        + " to it (Keycloak admins only: see Security model)",
                realm.getName(), group.getName(), role.getName()));
        return privilege.isEmpty();
    }

    private void record(RealmModel realm, EventActor actor, String groupId, String source, long added) {
        if (added > 0) {
            AutomaticAdminEvents.of(session).membershipsReconciled(realm, actor, groupId, source, added, 0);
        }
    }
}
