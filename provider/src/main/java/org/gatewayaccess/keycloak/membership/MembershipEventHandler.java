package org.gatewayaccess.keycloak.membership;

import java.util.Optional;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.audit.TokenUser;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Role and group events of one user, inside the transaction that made the change (admin
 * API, admin console, realm import, user federation): the user's {@code role:*} sources
 * follow the roles held now, and a join or leave of a gateway group made outside the
 * extension is recorded. A refusal here (the last admin) fails that change.
 * Realms the extension has not set up yet are skipped: their first contact seeds
 * everything set-based. Session-scoped: {@code MembershipEventHandler.of(session).joined(realm, group, user)}.
 */
public final class MembershipEventHandler {

    private final KeycloakSession session;

    private MembershipEventHandler(KeycloakSession session) {
        this.session = session;
    }

    /** The handler of the session whose transaction made the change. */
    public static MembershipEventHandler of(KeycloakSession session) {
        return new MembershipEventHandler(session);
    }

    public void roleChanged(RealmModel realm, UserModel user) {
        gateway(session, realm).ifPresent(groups -> {
            GatewayAccessStore.of(session)
                    .keycloak()
                    .lockUser(realm.getId(), user.getId()); // a concurrent grant and revocation of one user queue here
            new RoleMembershipReconciler(session, realm, groups)
                    .reconcile(user, EventActor.of(session, realm.getId(), user.getId()));
        });
    }

    public void joined(RealmModel realm, GroupModel group, UserModel user) {
        gateway(session, realm).ifPresent(groups -> {
            lockUnlessOwnWrite(session, realm, user);
            EventActor actor = EventActor.of(session, realm.getId(), user.getId());
            if (!OwnWrites.of(session).inProgress()
                    && groups.contains(group.getId())
                    && belongs(session, realm, group)) {
                new MembershipService(session, realm, groups)
                        .joinedOutside(group, user, TokenUser.of(session).id(), actor);
            }
            // the group may grant roles that a sync mapping follows
            new RoleMembershipReconciler(session, realm, groups).reconcile(user, actor);
        });
    }

    public void left(RealmModel realm, GroupModel group, UserModel user) {
        gateway(session, realm).ifPresent(groups -> {
            lockUnlessOwnWrite(session, realm, user);
            EventActor actor = EventActor.of(session, realm.getId(), user.getId());
            boolean byKeycloak = !OwnWrites.of(session).inProgress() && belongs(session, realm, group);
            GatewayAdmins admins = GatewayAdmins.of(session, realm, groups.system());
            // Any group of the admins group's tree makes its members admins, gateway group or not: never the last one.
            if (byKeycloak
                    && user.isEnabled()
                    && admins.includes(group.getId())
                    && !admins.staysAdminWithout(user.getId(), group.getId())) {
                LastAdminGuard.of(session)
                        .requireAnotherAdmin(
                                realm, admins, user.getId(), "leave the admins group outside the extension");
            }
            boolean outside = byKeycloak && groups.contains(group.getId());
            if (outside) {
                new MembershipService(session, realm, groups).leftOutside(group, user, actor);
            }
            new RoleMembershipReconciler(session, realm, groups).reconcile(user, actor, outside ? group.getId() : null);
        });
    }

    /**
     * Keycloak's own group changes (admin console, admin API) queue per user like role changes; our
     * own joins and leaves run inside work that holds the lock already, or in bulk jobs where one
     * lock query per user would only cost time.
     */
    private static void lockUnlessOwnWrite(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!OwnWrites.of(session).inProgress()) {
            GatewayAccessStore.of(session).keycloak().lockUser(realm.getId(), user.getId());
        }
    }

    /** A user is about to be deleted (admin console, admin API, account deletion): never the last enabled admin. */
    public void userRemoving(RealmModel realm, UserModel user) {
        gateway(session, realm).ifPresent(groups -> {
            GatewayAdmins admins = GatewayAdmins.of(session, realm, groups.system());
            if (user.isEnabled() && admins.isAdminInDatabase(user.getId())) {
                LastAdminGuard.of(session).requireAnotherAdmin(realm, admins, user.getId(), "delete user");
            }
        });
    }

    /**
     * A group is about to be deleted (Keycloak publishes the event before it removes the group, its members and,
     * one event each, its subgroups). Refused if it is the admins group or one of its subgroups and no enabled
     * admin would be left outside the deleted subtree: deleting the admins group itself therefore always is.
     * Deleting the realm removes its groups in bulk, without this event, and is not held up.
     */
    public void groupRemoving(RealmModel realm, GroupModel group) {
        gateway(session, realm).ifPresent(groups -> {
            GatewayAdmins admins = GatewayAdmins.of(session, realm, groups.system());
            if (admins.includes(group.getId())) {
                LastAdminGuard.of(session)
                        .requireAdminsRemain(
                                realm,
                                admins,
                                java.util.Set.of(),
                                subtree(group),
                                null,
                                "delete group " + group.getName());
            }
        });
    }

    private static java.util.Set<String> subtree(GroupModel root) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        java.util.Deque<GroupModel> todo = new java.util.ArrayDeque<>(java.util.List.of(root));
        while (!todo.isEmpty()) {
            GroupModel group = todo.poll();
            if (ids.add(group.getId())) {
                group.getSubGroupsStream().forEach(todo::add);
            }
        }
        return ids;
    }

    /**
     * A user was updated through the admin API and is now disabled. Refused if that takes
     * the last enabled admin away. {@code wasEnabled} reads the committed state, since
     * the update is already applied in this transaction.
     */
    public void userUpdated(RealmModel realm, String userId, java.util.function.BooleanSupplier wasEnabled) {
        gateway(session, realm).ifPresent(groups -> {
            UserModel user = session.users().getUserById(realm, userId);
            GatewayAdmins admins = GatewayAdmins.of(session, realm, groups.system());
            if (user != null && !user.isEnabled() && admins.isAdminInDatabase(userId) && wasEnabled.getAsBoolean()) {
                LastAdminGuard.of(session).requireAnotherAdmin(realm, admins, userId, "disable user");
            }
        });
    }

    private static Optional<GatewayGroups> gateway(KeycloakSession session, RealmModel realm) {
        if (realm == null || !GatewayRealmSetup.isGateway(realm)) {
            return Optional.empty();
        }
        return GatewayGroups.of(session, realm);
    }

    private static boolean belongs(KeycloakSession session, RealmModel realm, GroupModel group) {
        return session.groups().getGroupById(realm, group.getId()) != null;
    }
}
