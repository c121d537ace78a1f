package org.gatewayaccess.keycloak.events;

import java.util.Set;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.audit.TokenUser;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.membership.RoleMembershipReconciler;
import org.gatewayaccess.keycloak.membership.RoleSourceDrift;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.sync.SyncService;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponseException;

/**
 * Makes the {@code role:*} membership sources follow a change of who holds a role for which Keycloak fires
 * no per-user event ({@link RoleHoldingChanges}), inside the request that made it, so that it is visible as
 * soon as the request answers — a user whose {@code admin} came through a group is no longer a gateway admin
 * on their next call — and so that the last-admin guard can still refuse it.
 * <p>
 * The work runs when the admin event arrives: the change is made, nothing is committed yet, and the request's
 * transaction still accepts what the reconciliation enlists (cache invalidations after the commit, a sync job).
 * A transaction enlisted to prepare would be too late for that: Keycloak marks the request's transaction
 * completed before it runs prepare work. Keycloak swallows what an admin-event listener throws, though, so a
 * {@link LastAdminException} is carried to a transaction enlisted to prepare, whose {@code commit()} throws the
 * contract's 409 before the database commit; Keycloak then rolls the whole request back (the group keeps its
 * role, the composite its member, the role exists). It runs once per request and realm, at the first such
 * admin event: a partial import sends its events (one per item) after all its changes are made.
 * <p>
 * Bounded: users whose drift touches an admins group are always reconciled here (there are few, and the
 * guard must decide now); of the others at most {@link #LIVE_LIMIT}. Beyond that the request does not wait
 * for them: a sync is started after the commit (and logged), as a changed mapping does.
 */
final class LiveRoleSources {

    static final int LIVE_LIMIT = 2000;

    private static final Logger LOG = Logger.getLogger(LiveRoleSources.class);
    private static final String FOLLOWED = "gateway-access.live-role-sources.";

    private final KeycloakSession session;

    private LiveRoleSources(KeycloakSession session) {
        this.session = session;
    }

    /** The role changes of this session's request. */
    static LiveRoleSources of(KeycloakSession session) {
        return new LiveRoleSources(session);
    }

    /** Follows the realm's role changes of this request, once; {@code cause} names the first change, for the log. */
    void follow(String realmId, String cause) {
        if (realmId == null || session.getAttribute(FOLLOWED + realmId) != null) {
            return;
        }
        session.setAttribute(FOLLOWED + realmId, Boolean.TRUE);
        try {
            run(realmId, cause);
        } catch (LastAdminException e) {
            session.getTransactionManager().enlistPrepare(new PrepareRefusal(KeycloakRefusal.lastAdmin(e)));
        } catch (ErrorResponseException e) {
            // the same refusal, already turned into the 409 by the model listener (a leave event inside the
            // reconciliation)
            session.getTransactionManager().enlistPrepare(new PrepareRefusal(e));
        } catch (RuntimeException e) {
            // not a refusal: the change itself stands, and the next sync puts the memberships right
            LOG.warnf(e, "Could not follow %s in realm %s at once; the next sync will", cause, realmId);
        }
    }

    private void run(String realmId, String cause) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || !GatewayRealmSetup.isGateway(realm)) {
            return;
        }
        GatewayGroups groups = GatewayGroups.of(session, realm).orElse(null);
        if (groups == null) {
            return; // not set up yet: its first contact seeds everything from the current roles
        }
        RoleSourceDrift.Found drift = RoleSourceDrift.of(session).find(realm, groups, LIVE_LIMIT);
        reconcile(realm, groups, drift.adminUserIds());
        if (drift.moreThanLimit()) {
            var job = new SyncService(session)
                    .start(realm, false, TokenUser.of(session).id());
            LOG.infof(
                    "Realm %s: %s changed the role-derived memberships of more than %d users; sync job %s follows them after the commit",
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
            if (!GatewayAccessStore.of(session).keycloak().lockUser(realm.getId(), userId)) {
                continue; // deleted meanwhile: its rows went with it
            }
            UserModel user = session.users().getUserById(realm, userId);
            if (user != null) {
                reconciler.reconcile(user, EventActor.of(session, realm.getId(), userId));
            }
        }
    }

    /** Fails the request's commit with the refusal found while following (see the class comment). */
}
