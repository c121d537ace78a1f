package org.gatewayaccess.keycloak.membership;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The one definition of "gateway admin": a member of the admins system group <em>or of any of its
 * subgroups</em>. Keycloak's {@link UserModel#isMemberOf} already follows descendants, so a member of
 * {@code /Admins/x} passes the caller check; every other rule — the promotion guards, last-admin counting,
 * who counts as an admin in the database — must then mean the same set of groups, or a mapping into
 * {@code /Admins/x} would go around them. Everything that asks "is this an admins group?" or "is this user an
 * admin?" asks here.
 */
public final class GatewayAdmins {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String adminsGroupId;
    private Set<String> groupIds;

    public GatewayAdmins(KeycloakSession session, RealmModel realm, String adminsGroupId) {
        this.session = session;
        this.realm = realm;
        this.adminsGroupId = adminsGroupId;
    }

    public static GatewayAdmins of(KeycloakSession session, RealmModel realm, SystemGroups system) {
        return new GatewayAdmins(session, realm, system.adminsGroupId());
    }

    public String adminsGroupId() {
        return adminsGroupId;
    }

    /** The admins group, or null if it no longer exists. */
    public GroupModel group() {
        return adminsGroupId == null ? null : session.groups().getGroupById(realm, adminsGroupId);
    }

    /** The admins group and all its subgroups, at any depth (computed once per instance). */
    public Set<String> groupIds() {
        if (groupIds == null) {
            Set<String> ids = new LinkedHashSet<>();
            GroupModel root = group();
            Deque<GroupModel> todo = new ArrayDeque<>();
            if (root != null) {
                todo.add(root);
            }
            while (!todo.isEmpty()) {
                GroupModel group = todo.poll();
                if (ids.add(group.getId())) {
                    group.getSubGroupsStream().forEach(todo::add);
                }
            }
            groupIds = ids;
        }
        return groupIds;
    }

    /** Whether membership of this group makes a user a gateway admin: the admins group or one of its subgroups. */
    public boolean includes(String groupId) {
        if (groupId == null || adminsGroupId == null) {
            return false;
        }
        GroupModel group = session.groups().getGroupById(realm, groupId);
        for (GroupModel g = group; g != null; g = g.getParent()) {
            if (g.getId().equals(adminsGroupId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any of these groups makes its members gateway admins. */
    public boolean includesAny(Collection<String> groupIds) {
        return groupIds.stream().anyMatch(this::includes);
    }

    /** Whether the user is a gateway admin now, as Keycloak's model sees it (the caller check). */
    public boolean isAdmin(UserModel user) {
        GroupModel group = group();
        return group != null && user.isMemberOf(group);
    }

    /** Whether the user is, right now in the database, a member of the admins group or one of its subgroups. */
    public boolean isAdminInDatabase(String userId) {
        return memberships(userId, null) > 0;
    }

    /** Whether the user would still be an admin without their membership of {@code groupId}: another admins group keeps them. */
    public boolean staysAdminWithout(String userId, String groupId) {
        return memberships(userId, groupId) > 0;
    }

    private long memberships(String userId, String exceptGroupId) {
        Set<String> ids = new LinkedHashSet<>(groupIds());
        if (exceptGroupId != null) {
            ids.remove(exceptGroupId);
        }
        if (ids.isEmpty()) {
            return 0;
        }
        return GatewayAccessStore.of(session).keycloak().membershipsIn(ids, userId);
    }
}
