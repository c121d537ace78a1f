package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.cache.GatewayAccessCachesFactory;
import org.gatewayaccess.keycloak.cache.LinkRepairQueue;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LinkMembershipReconciler;
import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Turns a link or unlink into grant and gateway group membership changes without ever failing the login, link or
 * unlink that caused it: the work runs after that request's transaction has committed,
 * in a transaction of its own. If it fails, the failure is logged once (realm, user,
 * provider), counted, and queued for retry; the link itself stands.
 */
public final class LinkChanges {

    private static final Logger LOG = Logger.getLogger(LinkChanges.class);
    /** Attempts in the request's own thread before a failure is queued for the timer's retry. */
    private static final int IMMEDIATE_ATTEMPTS = 3;

    /** The request's session; null for work that runs on the session factory (timers, jobs). */
    private final KeycloakSession session;

    private final KeycloakSessionFactory factory;
    /** This node's queue of links to retry. */
    private final LinkRepairQueue repairs;

    LinkChanges(KeycloakSession session, KeycloakSessionFactory factory, LinkRepairQueue repairs) {
        this.session = session;
        this.factory = factory;
        this.repairs = repairs;
    }

    /** The link changes of a request. */
    public static LinkChanges of(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        return new LinkChanges(
                session, factory, GatewayAccessCachesFactory.node(factory).linkRepairs());
    }

    /** The link changes of work that has no request of its own (timers, sync jobs); {@link #afterCommit} is not for it. */
    public static LinkChanges of(KeycloakSessionFactory factory) {
        return new LinkChanges(
                null, factory, GatewayAccessCachesFactory.node(factory).linkRepairs());
    }

    public void afterCommit(RealmModel realm, String userId, String alias) {
        if (session == null) {
            throw new IllegalStateException("afterCommit needs the request's session: use LinkChanges.of(session)");
        }
        EventActor actor = EventActor.of(session, realm.getId(), userId);
        String realmId = realm.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                reconcileOrQueue(realmId, userId, alias, actor);
            }

            @Override
            protected void rollbackImpl() {
                // the link did not happen: nothing to do
            }
        });
    }

    /** What one user's link work changed: grant and membership sources added, removed, kept (last admin). */
    public record Outcome(boolean done, long added, long removed, long kept) {
        static final Outcome FAILED = new Outcome(false, 0, 0, 0);
    }

    /**
     * Reconciles one user's grants for one provider in a transaction of its own; on failure
     * the user is queued for retry and logged (once), and a not-done outcome is returned. Used where many
     * users are processed and one must not stop the rest.
     */
    public Outcome reconcileOrQueue(String realmId, String userId, String alias, EventActor actor) {
        LinkRepairQueue.Entry entry = new LinkRepairQueue.Entry(realmId, userId, alias);
        try {
            return applyWithConflictRetries(entry, actor);
        } catch (RuntimeException e) {
            if (repairs.add(entry)) {
                LOG.warnf(
                        e,
                        "Could not update pool grants and memberships of user %s for identity provider %s in realm %s;"
                                + " queued for retry (POST /sync also repairs it)",
                        userId,
                        alias,
                        realmId);
            }
            return Outcome.FAILED;
        }
    }

    /** Retries queued entries; each success leaves the queue. Runs on this node's timer. */
    public void retryFailed() {
        for (LinkRepairQueue.Entry entry : repairs.pending()) {
            try {
                apply(entry, new EventActor(entry.realmId(), null, null, null));
                repairs.done(entry);
                LOG.infof("Repaired pool grants of user %s for identity provider %s", entry.userId(), entry.alias());
            } catch (RuntimeException e) {
                LOG.debugf(e, "Retry of pool grants of user %s for %s failed again", entry.userId(), entry.alias());
            }
        }
    }

    /**
     * Concurrent writers of the same rows — a link and an unlink of one user in quick succession, a pool re-tied to
     * another provider while its users link — make one of two transactions fail on a row the other has just written
     * or removed (duplicate key, or a delete that finds no row). Since the work re-reads the current state, running
     * it again at once succeeds and leaves the right rows; only a failure that persists goes to the retry queue.
     * Seen under 8 concurrent writers (ConcurrencyDriftIT) on H2 and PostgreSQL.
     */
    private Outcome applyWithConflictRetries(LinkRepairQueue.Entry entry, EventActor actor) {
        for (int attempt = 1; ; attempt++) {
            try {
                return apply(entry, actor);
            } catch (RuntimeException e) {
                if (attempt >= IMMEDIATE_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf(
                        e,
                        "Grant update of user %s for %s conflicted with a concurrent change (attempt %d); running it again",
                        entry.userId(),
                        entry.alias(),
                        attempt);
                pause(attempt);
            }
        }
    }

    /** A short, growing, jittered pause, so that two conflicting writers do not meet again. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(10L * attempt, 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Outcome apply(LinkRepairQueue.Entry entry, EventActor actor) {
        return RealmTransactions.runWithResult(factory, entry.realmId(), s -> {
            RealmModel realm = s.realms().getRealm(entry.realmId());
            if (realm == null) {
                return new Outcome(true, 0, 0, 0); // realm deleted meanwhile: its rows went with it
            }
            if (!GatewayAccessStore.of(s).keycloak().lockUser(entry.realmId(), entry.userId())) {
                return new Outcome(true, 0, 0, 0); // user deleted meanwhile: DeletionCleanup removed its rows
            }
            long[] counts = new long[3];
            // from the database, not the user cache, once for both reconcilers: see KeycloakTables.lockUser and
            // isLinked
            boolean linked = GatewayAccessStore.of(s).keycloak().isLinked(entry.userId(), entry.alias());
            for (LinkGrantReconciler.Change change :
                    new LinkGrantReconciler(s).reconcile(realm, entry.userId(), entry.alias(), linked)) {
                GatewayAccessMetrics.grants("identity-provider", change.added(), 1);
                counts[change.added() ? 0 : 1]++;
                AutomaticAdminEvents.of(s)
                        .poolViewer(
                                realm,
                                actor,
                                change.poolId(),
                                entry.userId(),
                                "identity-provider:" + entry.alias(),
                                change.added());
            }
            GatewayGroups.of(s, realm).ifPresent(groups -> {
                long[] memberships = new LinkMembershipReconciler(s, realm, groups)
                        .reconcile(entry.userId(), entry.alias(), linked, actor);
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += memberships[i];
                }
            });
            return new Outcome(true, counts[0], counts[1], counts[2]);
        });
    }
}
