package org.gatewayaccess.keycloak.events;

import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.membership.RoleMembershipReconciler;
import org.gatewayaccess.keycloak.membership.RoleSourceDrift;
import org.gatewayaccess.keycloak.storage.UserRowLock;
import org.gatewayaccess.keycloak.sync.SyncService;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Set;

/**
 * Makes the {@code role:*} membership sources follow a change of who holds a role for which Keycloak fires
 * no per-user event ({@link RoleHoldingChanges}), inside the request that made it, so that it is visible as
 * soon as the request answers — a user whose {@code admin} came through a group is no longer a gateway admin
 * on their next call — and so that the last-admin guard can still refuse it.
 * <p>
 * Keycloak swallows what an admin-event listener throws, so the work runs in a transaction enlisted to
 * prepare: its {@code commit()} runs before the request's database commit, in the same database
 * transaction; a {@link LastAdminException} there becomes the contract's 409 and Keycloak rolls the whole
 * request back (the group keeps its role, the composite its member, the role exists). One such transaction
 * per request and realm, however many admin events the request sends (a partial import sends one per item).
 * <p>
 * Bounded: users whose drift touches an admins group are always reconciled here (there are few, and the
 * guard must decide now); of the others at most {@link #LIVE_LIMIT}. Beyond that the request does not wait
 * for them: a sync is started after the commit (and logged), as a changed mapping does.
 */
final class LiveRoleSources extends AbstractKeycloakTransaction {

    static final int LIVE_LIMIT = 2000;

    private static final Logger LOG = Logger.getLogger(LiveRoleSources.class);
    private static final String ENLISTED = "gateway-access.live-role-sources.";

    private final KeycloakSession session;
    private final String realmId;
    private final String cause;

    private LiveRoleSources(KeycloakSession session, String realmId, String cause) {
        this.session = session;
        this.realmId = realmId;
        this.cause = cause;
    }

    /** Enlists the work for the realm once in this session's transaction; {@code cause} names the first change, for the log. */
    static void enlist(KeycloakSession session, String realmId, String cause) {
        if (realmId == null || session.getAttribute(ENLISTED + realmId) != null) {
            return;
        }
        session.setAttribute(ENLISTED + realmId, Boolean.TRUE);
        session.getTransactionManager().enlistPrepare(new LiveRoleSources(session, realmId, cause));
    }

    @Override
    protected void commitImpl() {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || Config.getAdminRealm().equals(realm.getName())) {
            return;
        }
        GatewayGroups groups = GatewayGroups.of(session, realm).orElse(null);
        if (groups == null) {
            return; // not set up yet: its first contact seeds everything from the current roles
        }
        try {
            follow(realm, groups);
        } catch (LastAdminException e) {
            throw KeycloakRefusal.lastAdmin(e);
        }
    }

    private void follow(RealmModel realm, GatewayGroups groups) {
        RoleSourceDrift.Found drift = RoleSourceDrift.find(session, realm, groups, LIVE_LIMIT);
        reconcile(realm, groups, drift.adminUserIds());
        if (drift.moreThanLimit()) {
            String actor = EventActor.tokenSubject(session);
            var job = new SyncService(session).start(realm, false, actor);
            LOG.infof("Realm %s: %s changed the role-derived memberships of more than %d users; sync job %s follows them after the commit",
                realm.getName(), cause, LIVE_LIMIT, job.getId());
        } else {
            reconcile(realm, groups, drift.otherUserIds());
        }
    }

    private void reconcile(RealmModel realm, GatewayGroups groups, Set<String> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        RoleMembershipReconciler reconciler = new RoleMembershipReconciler(session, realm, groups);
        for (String userId : userIds) {
            if (!UserRowLock.lock(session, realmId, userId)) {
                continue; // deleted meanwhile: its rows went with it
            }
            UserModel user = session.users().getUserById(realm, userId);
            if (user != null) {
                reconciler.reconcile(user, EventActor.of(session, realmId, userId));
            }
        }
    }

    @Override
    protected void rollbackImpl() {
        // nothing of its own: its writes are the request's and roll back with it
    }
}
