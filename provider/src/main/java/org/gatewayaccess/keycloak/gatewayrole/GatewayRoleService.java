package org.gatewayaccess.keycloak.gatewayrole;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.membership.GatewayAdmins;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminGuard;
import org.gatewayaccess.keycloak.membership.MembershipService;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;

/**
 * A user's gateway role: one of the configured gateway roles (realm roles), in the
 * configuration's order of precedence — the first one the user holds is their role.
 * Replacing it revokes the other gateway roles' direct grants, grants the new one
 * directly, and moves the memberships that followed a role: the {@code role:*} sources
 * follow through the role events; the {@code admin}, {@code seed} and {@code migration}
 * sources in the other roles' groups go; a {@code migrate}-mode mapping of the new role
 * gets source {@code admin}. Identity-provider sources belong to the link and stay.
 * Everything happens in the caller's transaction, after the realm's admin lock.
 */
public final class GatewayRoleService {

    /** What an assignment did: {@code changed} false means nothing was written (and no event). */
    public record Result(boolean changed, String previousRole) {}

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GatewayGroups groups;
    private final GatewayAccessStore store;
    private final GatewayAdmins admins;

    public GatewayRoleService(KeycloakSession session, RealmModel realm, GatewayGroups groups) {
        this.session = session;
        this.realm = realm;
        this.groups = groups;
        this.store = GatewayAccessStore.of(session);
        this.admins = GatewayAdmins.of(session, realm, groups.system());
    }

    /** The user's gateway role (highest configured role held, directly or not), or null. */
    public String currentRole(UserModel user) {
        return GatewayRolePrecedence.current(groups.config().gatewayRoles(), name -> holds(user, name));
    }

    /** Whether the user holds the configured role now, directly or not (false when the role no longer exists). */
    private boolean holds(UserModel user, String name) {
        RoleModel role = realm.getRole(name);
        return role != null && user.hasRole(role);
    }

    /** The configured role, or 400 {@code unknown_role}. */
    public RoleModel requireGatewayRole(String roleName) {
        List<String> roles = groups.config().gatewayRoles();
        RoleModel role = roles.contains(roleName) ? realm.getRole(roleName) : null;
        if (role == null) {
            throw GatewayAccessException.badRequest(
                    "unknown_role",
                    "'" + shorten(roleName) + "' is not a gateway role of this realm; one of "
                            + String.join(", ", roles) + ".");
        }
        return role;
    }

    /** Whether holding the role makes a user a gateway admin: a role mapping puts it into the admins group or a subgroup. */
    public boolean grantsAdmin(String roleName) {
        return groups.config().roleMappings().stream()
                .anyMatch(m -> m.role().equals(roleName) && admins.includes(m.groupId()));
    }

    /**
     * Replaces the user's gateway role with {@code roleName}. Refusals: 400 unknown role;
     * 403 promotion to a role that grants admin while only Keycloak admins may promote;
     * 409 {@code role_inherited} / {@code membership_from_link} when a higher role would
     * still be held through something this call does not own; 409 {@code last_admin}.
     */
    public Result assign(
            UserModel requested, String roleName, boolean callerIsKeycloakAdmin, String grantedBy, EventActor actor) {
        RoleModel target = requireGatewayRole(roleName);
        GatewayConfig config = groups.config();
        // Every later read comes from the database after this lock: a concurrent change of
        // the same realm's admins has either committed or not started. The user is read
        // again past Keycloak's cache, which may still hold what it was before that change.
        LastAdminGuard.of(session).lock(realm.getId());
        UserModel user = fresh(requested);
        String previous = currentRole(user);

        // The order of precedence and the diff are GatewayRolePrecedence's; here the user and the database are read.
        List<String> ordered = config.gatewayRoles();
        Set<String> direct = directRoles(user, ordered);
        GatewayRolePrecedence.inheritedHigher(ordered, roleName, direct, name -> holds(user, name))
                .ifPresent(name -> {
                    throw GatewayAccessException.conflict(
                            "role_inherited",
                            "The user holds '" + name
                                    + "' through a group or a composite role; change that first, then assign '"
                                    + roleName + "'.");
                });

        Set<String> targetGroups = GatewayRolePrecedence.groupsOf(Set.of(roleName), config.roleMappings());
        List<GaMembershipEntity> sourcesToRemove = GatewayRolePrecedence.sourcesToRemove(
                ordered,
                roleName,
                config.roleMappings(),
                groupId -> sources(groupId, user.getId()),
                GaMembershipEntity::getSource);
        List<String> revoke = GatewayRolePrecedence.revoke(ordered, roleName, direct);
        boolean grant = !direct.contains(roleName);
        List<GroupModel> migrateGroups = config.roleMappings().stream()
                .filter(m -> m.role().equals(roleName) && m.mode() == GatewayConfig.Mode.MIGRATE)
                .map(m -> session.groups().getGroupById(realm, m.groupId()))
                .filter(g -> g != null && sources(g.getId(), user.getId()).isEmpty())
                .toList();
        if (revoke.isEmpty() && !grant && sourcesToRemove.isEmpty() && migrateGroups.isEmpty()) {
            return new Result(false, previous);
        }
        if (!callerIsKeycloakAdmin) {
            requireInsideBoundary(target, revoke, targetGroups, sourcesToRemove, migrateGroups);
        }

        boolean isAdmin = admins.isAdminInDatabase(user.getId());
        if (grantsAdmin(roleName) && !isAdmin && config.adminPromotionRequiresRealmAdmin() && !callerIsKeycloakAdmin) {
            throw GatewayAccessException.forbidden(
                    "Only a Keycloak admin may make a user a gateway admin" + " (adminPromotionRequiresRealmAdmin).");
        }
        if (isAdmin && user.isEnabled() && !admins.includesAny(targetGroups)) {
            LastAdminGuard.of(session)
                    .requireAnotherAdmin(realm, admins, user.getId(), "change gateway role to " + roleName);
        }

        // The role events keep the role:* sources in step (RoleMembershipReconciler).
        for (String name : revoke) {
            user.deleteRoleMapping(realm.getRole(name));
        }
        if (grant) {
            user.grantRole(target);
        }
        MembershipService memberships = new MembershipService(session, realm, groups);
        for (GaMembershipEntity row : sourcesToRemove) {
            GroupModel group = session.groups().getGroupById(realm, row.getGroupId());
            if (group != null) {
                memberships.remove(group, user, row.getSource(), actor);
            }
        }
        for (GroupModel group : migrateGroups) {
            memberships.add(group, user, GrantSource.ADMIN, grantedBy, actor);
        }
        return new Result(true, previous);
    }

    /**
     * The delegation boundary, checked at this write (Keycloak may have changed a role or group since the
     * configuration accepted it): every role granted or revoked stays inside the gateway roles, and every group
     * whose membership this assignment changes — the new role's mapped groups, the groups sources are removed from —
     * is ordinary. Otherwise 403, and nothing is written.
     */
    private void requireInsideBoundary(
            RoleModel target,
            List<String> revoke,
            Set<String> targetGroups,
            List<GaMembershipEntity> sourcesToRemove,
            List<GroupModel> migrateGroups) {
        DelegationBoundary boundary =
                new DelegationBoundary(realm, groups.config().gatewayRoles());
        boundary.requireInside(target);
        revoke.forEach(name -> boundary.requireInside(realm.getRole(name)));
        Set<String> touched = new LinkedHashSet<>(targetGroups);
        sourcesToRemove.forEach(row -> touched.add(row.getGroupId()));
        migrateGroups.forEach(g -> touched.add(g.getId()));
        for (String groupId : touched) {
            GroupModel group = session.groups().getGroupById(realm, groupId);
            if (group != null) {
                boundary.requireOrdinary(group, "change the members of");
            }
        }
    }

    private UserModel fresh(UserModel user) {
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null) {
            cache.evict(realm, user);
        }
        UserModel reread = session.users().getUserById(realm, user.getId());
        if (reread == null) {
            throw GatewayAccessException.notFound(
                    "user_not_found", "No user with id " + user.getId() + " exists in this realm.");
        }
        return reread;
    }

    private Set<String> directRoles(UserModel user, List<String> names) {
        Set<String> ids = new HashSet<>();
        for (String name : names) {
            RoleModel role = realm.getRole(name);
            if (role != null) {
                ids.add(role.getId());
            }
        }
        Set<String> held = store.keycloak().directRoleIds(user.getId(), ids);
        Set<String> result = new HashSet<>();
        for (String name : names) {
            RoleModel role = realm.getRole(name);
            if (role != null && held.contains(role.getId())) {
                result.add(name);
            }
        }
        return result;
    }

    private List<GaMembershipEntity> sources(String groupId, String userId) {
        return new MembershipService(session, realm, groups).sources(groupId, userId);
    }

    private static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
