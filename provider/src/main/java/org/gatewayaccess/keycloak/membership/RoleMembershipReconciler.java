package org.gatewayaccess.keycloak.membership;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Makes one user's {@code role:<name>} sources match the roles the user holds now —
 * directly, through a group, through a composite or the default roles
 * ({@link UserModel#hasRole}) — for every {@code sync} role mapping. Reads the current
 * state instead of replaying the event, so any role or group event of the user can call it.
 */
public final class RoleMembershipReconciler {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GatewayGroups groups;
    private final MembershipService memberships;

    public RoleMembershipReconciler(KeycloakSession session, RealmModel realm, GatewayGroups groups) {
        this.session = session;
        this.realm = realm;
        this.groups = groups;
        this.memberships = new MembershipService(session, realm, groups);
    }

    public void reconcile(UserModel user, EventActor actor) {
        reconcile(user, actor, null);
    }

    /**
     * As {@link #reconcile(UserModel, EventActor)}, but adds nothing to {@code notIntoGroupId}:
     * the group an admin just removed the user from outside the extension. Putting the user
     * straight back would undo the admin's click; the next sync does it instead.
     */
    public void reconcile(UserModel user, EventActor actor, String notIntoGroupId) {
        Set<String> wanted = new HashSet<>();
        for (GatewayConfig.RoleMapping mapping : groups.config().syncRoleMappings()) {
            RoleModel role = realm.getRole(mapping.role());
            GroupModel group = session.groups().getGroupById(realm, mapping.groupId());
            if (role == null || group == null || group.getId().equals(notIntoGroupId)) {
                continue;
            }
            String source = GrantSource.role(mapping.role());
            if (user.hasRole(role)) {
                wanted.add(SourceDiff.key(group.getId(), source));
                memberships.add(group, user, source, null, actor);
            }
        }
        // Every role source not wanted now: the role was lost, or its mapping was removed (SourceDiff decides;
        // the other writers' sources are never in it).
        for (String groupId : groups.ids()) {
            GroupModel group = session.groups().getGroupById(realm, groupId);
            if (group == null) {
                continue;
            }
            List<String> held = memberships.sources(groupId, user.getId()).stream()
                    .map(GaMembershipEntity::getSource)
                    .toList();
            for (String source : SourceDiff.staleRoleSources(groupId, held, wanted)) {
                memberships.remove(group, user, source, actor);
            }
        }
    }
}
