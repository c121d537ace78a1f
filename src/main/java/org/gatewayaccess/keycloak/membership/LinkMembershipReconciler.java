package org.gatewayaccess.keycloak.membership;

import org.gatewayaccess.keycloak.storage.FederatedLinks;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.config.GatewayConfig;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashSet;
import java.util.Set;

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

    public LinkMembershipReconciler(KeycloakSession session, RealmModel realm, GatewayGroups groups) {
        this.session = session;
        this.realm = realm;
        this.groups = groups;
        this.memberships = new MembershipService(session, realm, groups);
    }

    public void reconcile(String userId, String alias, EventActor actor) {
        String source = GrantSource.identityProvider(alias);
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return; // user deleted: DeletionCleanup removed its rows
        }
        // from the database, not the user cache: see UserRowLock and FederatedLinks (the caller holds the user's lock)
        boolean linked = FederatedLinks.isLinked(session, userId, alias);
        Set<String> wanted = new HashSet<>();
        if (linked) {
            for (GatewayConfig.IdentityProviderMapping mapping : groups.config().identityProviderMappings()) {
                GroupModel group = mapping.identityProvider().equals(alias)
                    ? session.groups().getGroupById(realm, mapping.groupId()) : null;
                if (group != null) {
                    wanted.add(group.getId());
                    memberships.add(group, user, source, null, actor);
                }
            }
        }
        for (String groupId : groups.ids()) {
            GroupModel group = session.groups().getGroupById(realm, groupId);
            if (group == null || wanted.contains(groupId)) {
                continue;
            }
            for (GaMembershipEntity row : memberships.sources(groupId, userId)) {
                if (row.getSource().equals(source)) {
                    try {
                        memberships.remove(group, user, source, actor);
                    } catch (LastAdminException e) {
                        LOG.warnf("Kept user %s in the admins group of realm %s although its %s link is gone: it is the last admin",
                            userId, realm.getName(), alias);
                    }
                }
            }
        }
    }
}
