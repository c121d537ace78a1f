package org.gatewayaccess.keycloak.membership;

import java.util.List;
import java.util.Set;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.MembershipRows;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;

/**
 * Makes one user's {@code identity-provider:<alias>} sources match the user's link to that
 * provider now: linked → a member of every group mapped to it; unlinked (or gone) → those
 * sources go. Runs after the link's commit, like the pool grants. When the unlink would
 * remove the gateway's last admin, the source is kept (and logged): the unlink itself has
 * already happened and cannot be refused any more.
 */
public final class LinkMembershipReconciler {

    private static final Logger LOG = Logger.getLogger(LinkMembershipReconciler.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GatewayGroups groups;
    private final MembershipService memberships;
    private final MembershipRows rows;

    public LinkMembershipReconciler(KeycloakSession session, RealmModel realm, GatewayGroups groups) {
        this.session = session;
        this.realm = realm;
        this.groups = groups;
        this.memberships = new MembershipService(session, realm, groups);
        this.rows = GatewayAccessStore.of(session).memberships();
    }

    /**
     * @param linked whether the user is linked to the provider now, read by the caller from the database while
     *               holding the user's row lock (see {@link org.gatewayaccess.keycloak.storage.KeycloakTables#isLinked})
     * @return the membership sources {added, removed, kept by the last-admin guard}
     */
    public long[] reconcile(String userId, String alias, boolean linked, EventActor actor) {
        String source = GrantSource.identityProvider(alias);
        Set<String> wanted = SourceDiff.linkedGroups(groups.config().identityProviderMappings(), alias, linked);
        // one read of the rows this source holds for the user, in whichever groups (most links have none and map to
        // none)
        List<GaMembershipEntity> held = rows.ofUserAndSource(realm.getId(), userId, source);
        List<String> stale = SourceDiff.staleLinkGroups(
                held.stream().map(GaMembershipEntity::getGroupId).toList(), wanted, groups::contains);
        long[] counts = new long[3];
        if (wanted.isEmpty() && stale.isEmpty()) {
            return counts;
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return counts; // user deleted: DeletionCleanup removed its rows
        }
        for (String groupId : wanted) {
            GroupModel group = session.groups().getGroupById(realm, groupId);
            if (group == null) {
                continue;
            }
            try {
                if (memberships.add(group, user, source, null, actor)) {
                    counts[0]++;
                }
            } catch (ReadOnlyException e) {
                refusedByStorage(group, userId, source);
            }
        }
        for (String groupId : stale) {
            GroupModel group = session.groups().getGroupById(realm, groupId);
            if (group == null) {
                continue;
            }
            try {
                memberships.remove(group, user, source, actor);
                counts[1]++;
            } catch (LastAdminException e) {
                counts[2]++;
                LOG.warnf(
                        "Kept user %s in the admins group of realm %s although its %s link is gone: it is the last admin",
                        userId, realm.getName(), alias);
            }
        }
        return counts;
    }

    /**
     * Keycloak refuses group membership to users whose storage is read-only for it — LDAP without import has no
     * place for it (ReadOnlyException from the user model, before anything is written). The source row just written
     * goes again, so that no source claims a membership that does not exist, and the rest of the link work (the pool
     * grants, in this same transaction) still commits instead of failing and being retried for ever.
     */
    private void refusedByStorage(GroupModel group, String userId, String source) {
        rows.deleteIfPresent(group.getId(), userId, source);
        LOG.warnf(
                "Could not put user %s in group %s for its %s link in realm %s: Keycloak does not allow group"
                        + " membership for this user (read-only user storage, such as LDAP without import)",
                userId, group.getName(), source, realm.getName());
    }
}
