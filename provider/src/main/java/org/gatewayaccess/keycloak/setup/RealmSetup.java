package org.gatewayaccess.keycloak.setup;

import java.util.List;
import org.gatewayaccess.keycloak.auth.AdminClientScope;
import org.gatewayaccess.keycloak.cache.CacheKind;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.config.GatewayConfigStore;
import org.gatewayaccess.keycloak.console.ConsoleClient;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.MembershipSeeding;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.gatewayaccess.keycloak.storage.GaRealmStateEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.RealmStateRows;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * What the extension creates when it first meets a realm: the gateway roles, the
 * {@code gateway-access-checker} role and the three system groups. Existing roles and
 * groups (say, from a realm import) are adopted, never duplicated. The groups are then
 * recorded by id, so renaming one in the admin console does not lose it. The first time,
 * the realm's memberships are seeded too ({@link MembershipSeeding}). The client scope that
 * lets a client administer ({@link AdminClientScope}) and the access console's public client
 * ({@link ConsoleClient}, which gets that scope) are provided once per realm, also in realms
 * set up before they existed. Never in Keycloak's administration realm ({@link GatewayRealmSetup#isGateway}, which also holds the names).
 */
public final class RealmSetup {

    private static final Logger LOG = Logger.getLogger(GatewayRealmSetup.class); // the category operators know

    private final KeycloakSession session;

    public RealmSetup(KeycloakSession session) {
        this.session = session;
    }

    /** Asked for only when the realm is set up: a request answered from the caches opens no entity manager. */
    private RealmStateRows realmStates() {
        return GatewayAccessStore.of(session).realmStates();
    }

    /** The realm's system groups, set up first if this is the first time the extension meets the realm. */
    public SystemGroups ensure(RealmModel realm) {
        // Every API request passes here: the answer is cached with the realm's access decisions
        // (forgotten cluster-wide when the configuration or a group changes) and checked against
        // Keycloak's own cached groups, so that a request costs no read of GA_REALM_STATE.
        SystemGroups known = GatewayAccessCaches.of(session)
                .get(CacheKind.DECISIONS, realm.getId(), new SetupKey(realm.getId()), () -> setUp(realm));
        if (exists(realm, known.adminsGroupId())
                && exists(realm, known.readOnlyAdminsGroupId())
                && exists(realm, known.usersGroupId())) {
            return known;
        }
        return setUp(realm);
    }

    private record SetupKey(String realmId) {}

    /** With the realm bound: a realm created or imported through the master realm's API is not the session's realm. */
    private SystemGroups setUp(RealmModel realm) {
        if (!GatewayRealmSetup.isGateway(realm)) {
            // every caller checks first; this is the backstop that keeps master free of gateway objects
            throw new IllegalStateException(
                    "realm " + realm.getName() + " is Keycloak's administration realm, not a gateway");
        }
        return RealmTransactions.onRealm(session, realm, () -> setUpBound(realm));
    }

    private SystemGroups setUpBound(RealmModel realm) {
        GaRealmStateEntity state = realmStates().find(realm.getId());
        boolean setUpBefore = state != null;
        SystemGroups groups = state != null && state.getMembershipsSeededAt() != null && groupsExist(realm, state)
                ? toSystemGroups(state)
                : setUpGroups(realm, state);
        // also for realms set up by an earlier version: they get the client scope and the console's client at their
        // next start-up
        boolean scopeProvided = AdminClientScope.of(session)
                .ensure(realm, GatewayGroups.of(session, realm).orElseThrow(), setUpBefore);
        ConsoleClient.of(session).ensure(realm);
        if (scopeProvided) {
            ConsoleClient.giveAdminScope(realm); // also an existing (adopted) console client, once
        }
        return groups;
    }

    private SystemGroups setUpGroups(RealmModel realm, GaRealmStateEntity existing) {
        for (String role : List.of(
                GatewayRealmSetup.ROLE_ADMIN,
                GatewayRealmSetup.ROLE_READ_ONLY_ADMIN,
                GatewayRealmSetup.ROLE_GATEWAY_USER,
                GatewayRealmSetup.ROLE_CHECKER)) {
            if (realm.getRole(role) == null) {
                realm.addRole(role);
            }
        }
        long now = System.currentTimeMillis();
        // the recorded groups if they still exist, else adopted or created by name (in this order)
        SystemGroups recorded = existing == null ? new SystemGroups(null, null, null) : toSystemGroups(existing);
        String adminsGroupId = groupId(realm, recorded.adminsGroupId(), GatewayRealmSetup.ADMINS_GROUP);
        String readOnlyAdminsGroupId =
                groupId(realm, recorded.readOnlyAdminsGroupId(), GatewayRealmSetup.READ_ONLY_ADMINS_GROUP);
        String usersGroupId = groupId(realm, recorded.usersGroupId(), GatewayRealmSetup.USERS_GROUP);
        GaRealmStateEntity state = realmStates()
                .recordSystemGroups(
                        realm.getId(), new SystemGroups(adminsGroupId, readOnlyAdminsGroupId, usersGroupId), now);
        SystemGroups groups = toSystemGroups(state);
        if (state.getMembershipsSeededAt() == null) {
            new MembershipSeeding(session)
                    .seed(realm, new GatewayGroups(groups, new GatewayConfigStore(session).load(realm, groups)));
            realmStates().markMembershipsSeeded(realm.getId(), System.currentTimeMillis());
        }
        LOG.infof("Gateway Access set up realm %s: system groups and gateway roles are in place", realm.getName());
        return groups;
    }

    private boolean groupsExist(RealmModel realm, GaRealmStateEntity state) {
        return exists(realm, state.getAdminsGroupId())
                && exists(realm, state.getReadOnlyAdminsGroupId())
                && exists(realm, state.getUsersGroupId());
    }

    private boolean exists(RealmModel realm, String groupId) {
        return groupId != null && session.groups().getGroupById(realm, groupId) != null;
    }

    /** The recorded group if it still exists, else a top-level group of that name (adopted or created). */
    private String groupId(RealmModel realm, String recordedId, String defaultName) {
        if (exists(realm, recordedId)) {
            return recordedId;
        }
        GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, "/" + defaultName);
        if (group == null) {
            group = session.groups().createGroup(realm, defaultName);
        }
        return group.getId();
    }

    private static SystemGroups toSystemGroups(GaRealmStateEntity state) {
        return new SystemGroups(state.getAdminsGroupId(), state.getReadOnlyAdminsGroupId(), state.getUsersGroupId());
    }
}
