package org.gatewayaccess.keycloak.membership;

import java.util.List;
import java.util.Optional;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.MembershipRows;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * One user's membership in one gateway group, source by source: the Keycloak group
 * membership exists while at least one source row exists. Each write is an admin event
 * naming the source. Removing a member of the admins group (or of one of its subgroups:
 * {@link GatewayAdmins}) goes through {@link LastAdminGuard}.
 */
public final class MembershipService {

    private static final Logger LOG = Logger.getLogger(MembershipService.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GatewayGroups groups;
    private final MembershipRows rows;
    private final GatewayAdmins admins;

    public MembershipService(KeycloakSession session, RealmModel realm, GatewayGroups groups) {
        this.session = session;
        this.realm = realm;
        this.groups = groups;
        this.rows = GatewayAccessStore.of(session).memberships();
        this.admins = GatewayAdmins.of(session, realm, groups.system());
    }

    /** Sources of the user's membership, oldest first. */
    public List<GaMembershipEntity> sources(String groupId, String userId) {
        return rows.sources(groupId, userId);
    }

    public boolean hasSource(String groupId, String userId, String source) {
        return rows.find(groupId, userId, source) != null;
    }

    /**
     * Adds the source (and the Keycloak membership if missing). False if the source was already there, or if an
     * automatic source (role, link, seed, migration) would put the user into a group that is no longer ordinary
     * ({@link DelegationBoundary}): Keycloak gave the group a privileged role after it became a gateway group, and
     * the extension never hands that out on its own. Source {@code admin} is written only after the caller's rights
     * were checked (or records what a Keycloak admin did in Keycloak itself).
     */
    public boolean add(GroupModel group, UserModel user, String source, String grantedBy, EventActor actor) {
        if (!GrantSource.ADMIN.equals(source)) {
            Optional<RoleModel> privilege =
                    new DelegationBoundary(realm, groups.config().gatewayRoles()).privilegeOf(group);
            if (privilege.isPresent()) {
                LOG.warnf(
                        "Not adding user %s to group %s of realm %s with source %s: the group gives role %s, which is not a"
                                + " gateway role; only Keycloak admins hand that out",
                        user.getId(),
                        group.getName(),
                        realm.getName(),
                        source,
                        privilege.get().getName());
                return false;
            }
        }
        if (hasSource(group.getId(), user.getId(), source)) {
            ensureMember(group, user);
            return false;
        }
        GaMembershipEntity row = new GaMembershipEntity();
        row.setGroupId(group.getId());
        row.setUserId(user.getId());
        row.setSource(source);
        row.setRealmId(realm.getId());
        row.setGrantedBy(grantedBy);
        row.setGrantedAt(System.currentTimeMillis());
        rows.insert(row);
        ensureMember(group, user);
        GatewayAccessMetrics.memberships(sourceKind(source), true, 1);
        AutomaticAdminEvents.of(session).membership(realm, actor, group.getId(), user.getId(), source, true);
        return true;
    }

    /**
     * Removes one source; when none remains the user leaves the Keycloak group. Refused
     * ({@link LastAdminException}) when that would leave the admins group empty. Returns
     * the sources that still keep the user in.
     */
    public List<String> remove(GroupModel group, UserModel user, String source, EventActor actor) {
        GaMembershipEntity row = rows.find(group.getId(), user.getId(), source);
        if (row == null) {
            return sourceNames(group.getId(), user.getId());
        }
        List<String> remaining = sourceNames(group.getId(), user.getId()).stream()
                .filter(s -> !s.equals(source))
                .toList();
        if (remaining.isEmpty()
                && user.isEnabled()
                && admins.includes(group.getId())
                && user.isMemberOf(group)
                && !admins.staysAdminWithout(user.getId(), group.getId())) {
            LastAdminGuard.of(session)
                    .requireAnotherAdmin(realm, admins, user.getId(), "remove membership source " + source);
        }
        rows.delete(row);
        if (remaining.isEmpty()) {
            OwnWrites.of(session).run(() -> user.leaveGroup(group));
        }
        GatewayAccessMetrics.memberships(sourceKind(source), false, 1);
        AutomaticAdminEvents.of(session).membership(realm, actor, group.getId(), user.getId(), source, false);
        return remaining;
    }

    /** Someone added the user to a gateway group outside the extension (admin console, admin API): source {@code admin}. */
    public void joinedOutside(GroupModel group, UserModel user, String grantedBy, EventActor actor) {
        add(group, user, GrantSource.ADMIN, grantedBy, actor);
    }

    /**
     * Someone removed the user from a gateway group outside the extension: every source
     * goes (each audited), after the last-admin check. A {@code sync} mapping that still
     * entitles the user puts them back on the next sync.
     */
    public void leftOutside(GroupModel group, UserModel user, EventActor actor) {
        if (user.isEnabled()
                && admins.includes(group.getId())
                && !admins.staysAdminWithout(user.getId(), group.getId())) {
            LastAdminGuard.of(session)
                    .requireAnotherAdmin(realm, admins, user.getId(), "leave the admins group outside the extension");
        }
        List<GaMembershipEntity> sources = sources(group.getId(), user.getId());
        rows.deleteAll(sources);
        for (GaMembershipEntity row : sources) {
            GatewayAccessMetrics.memberships(sourceKind(row.getSource()), false, 1);
            AutomaticAdminEvents.of(session)
                    .membership(realm, actor, group.getId(), user.getId(), row.getSource(), false);
        }
    }

    private void ensureMember(GroupModel group, UserModel user) {
        if (user.getGroupsStream().noneMatch(g -> g.getId().equals(group.getId()))) {
            OwnWrites.of(session).run(() -> user.joinGroup(group));
        }
    }

    private List<String> sourceNames(String groupId, String userId) {
        return sources(groupId, userId).stream()
                .map(GaMembershipEntity::getSource)
                .toList();
    }

    /** {@code role}, {@code identity-provider}, {@code admin}, {@code seed}, {@code migration}: the metric's label. */
    static String sourceKind(String source) {
        int colon = source.indexOf(':');
        return colon < 0 ? source : source.substring(0, colon);
    }
}
