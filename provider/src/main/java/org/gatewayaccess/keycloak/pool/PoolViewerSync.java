package org.gatewayaccess.keycloak.pool;

import java.util.List;
import org.gatewayaccess.keycloak.audit.AutomaticAdminEvents;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.GrantRows;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Brings one pool's link-derived viewers in line with its provider's links. The fast
 * path is set-based ({@link LinkGrantSync}: one INSERT ... SELECT, one DELETE). If that
 * fails — one bad row fails the whole statement — the pool is redone user by user, each
 * in its own transaction, so one user whose grant cannot be written does not stop the
 * others; that user is queued for retry and logged once.
 */
public final class PoolViewerSync {

    private static final Logger LOG = Logger.getLogger(PoolViewerSync.class);
    private static final int PAGE = 1000;

    /** The session whose transaction created or changed the pool. */
    private final KeycloakSession session;

    private PoolViewerSync(KeycloakSession session) {
        this.session = session;
    }

    /** The pool viewer sync after this session's transaction. */
    public static PoolViewerSync of(KeycloakSession session) {
        return new PoolViewerSync(session);
    }

    /** Reconciles the pool after the current transaction (which created or changed it) has committed. */
    public void afterCommit(RealmModel realm, String poolId, EventActor actor) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                reconcile(factory, realmId, poolId, false, actor);
            }

            @Override
            protected void rollbackImpl() {}
        });
    }

    /** Reconciles the pool now, in transactions of its own: a sync's work, and {@link #afterCommit}'s. */
    public static LinkGrantSync.Counts reconcile(
            KeycloakSessionFactory factory, String realmId, String poolId, boolean dryRun, EventActor actor) {
        try {
            return RealmTransactions.runWithResult(factory, realmId, s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                GaPoolEntity pool =
                        realm == null ? null : GatewayAccessStore.of(s).pools().find(poolId);
                if (pool == null) {
                    return new LinkGrantSync.Counts(0, 0);
                }
                LinkGrantSync.Counts counts =
                        new LinkGrantSync(s).pool(realm, poolId, pool.getIdentityProvider(), dryRun);
                if (!dryRun) {
                    GatewayAccessMetrics.grants("identity-provider", true, counts.added());
                    GatewayAccessMetrics.grants("identity-provider", false, counts.removed());
                }
                if (!dryRun && counts.added() + counts.removed() > 0) {
                    AutomaticAdminEvents.of(s)
                            .poolViewersReconciled(
                                    realm, actor, poolId, pool.getIdentityProvider(), counts.added(), counts.removed());
                }
                return counts;
            });
        } catch (RuntimeException bulkFailure) {
            if (dryRun) {
                throw bulkFailure;
            }
            LOG.warnf(
                    bulkFailure,
                    "Set-based grant update of pool %s in realm %s failed; redoing it user by user",
                    poolId,
                    realmId);
            return userByUser(factory, realmId, poolId, actor);
        }
    }

    /** Every user linked to the pool's provider, and every holder of a link-derived grant on it, reconciled one by one. */
    private static LinkGrantSync.Counts userByUser(
            KeycloakSessionFactory factory, String realmId, String poolId, EventActor actor) {
        String alias = RealmTransactions.runWithResult(factory, realmId, s -> {
            GaPoolEntity pool = GatewayAccessStore.of(s).pools().find(poolId);
            return pool == null ? null : pool.getIdentityProvider();
        });
        long failed = 0;
        long done = 0;
        long added = 0;
        long removed = 0;
        long kept = 0;
        String after = "";
        while (true) {
            String from = after;
            List<GrantRows.LinkCandidate> page =
                    RealmTransactions.runWithResult(factory, realmId, s -> candidates(s, realmId, poolId, alias, from));
            for (GrantRows.LinkCandidate candidate : page) {
                LinkChanges.Outcome outcome =
                        LinkChanges.of(factory).reconcileOrQueue(realmId, candidate.userId(), candidate.alias(), actor);
                if (outcome.done()) {
                    done++;
                    added += outcome.added();
                    removed += outcome.removed();
                    kept += outcome.kept();
                } else {
                    failed++;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).userId();
        }
        LOG.infof("Pool %s reconciled user by user: %d users done, %d queued for retry", poolId, done, failed);
        // what the users' link work wrote (grants, and the memberships their links imply), not what is still to do
        return new LinkGrantSync.Counts(added, removed, kept);
    }

    /** The next page (by user id) of (user id, provider alias) pairs that may need a change on this pool. */
    private static List<GrantRows.LinkCandidate> candidates(
            KeycloakSession s, String realmId, String poolId, String alias, String after) {
        return GatewayAccessStore.of(s)
                .grants()
                .linkCandidates(
                        realmId, PoolGrantService.POOL, poolId, alias, GrantSource.identityProvider(""), after, PAGE);
    }
}
