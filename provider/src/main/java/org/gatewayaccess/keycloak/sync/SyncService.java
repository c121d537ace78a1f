package org.gatewayaccess.keycloak.sync;

import java.util.List;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.pool.LinkGrantSync;
import org.gatewayaccess.keycloak.pool.PoolViewerSync;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * {@code POST /sync}: recomputes every link-derived pool grant and every role- and
 * link-derived gateway group membership of a realm as a job ({@link MembershipSync}, run by {@link JobRunner}). The
 * job row is written in the request's transaction; the work starts after that commit on
 * Keycloak's executor, pool by pool, each pool in its own transaction with the job's
 * progress committed alongside, so {@code GET /jobs/{id}} on any node shows it moving.
 * Keycloak's cluster-wide task lock ensures one node at a time syncs a given realm.
 */
public final class SyncService {

    public static final String KIND = "sync";

    private final KeycloakSession session;

    public SyncService(KeycloakSession session) {
        this.session = session;
    }

    /** The running sync of the realm if there is one (started anywhere in the cluster), else a new job. */
    public GaJobEntity start(RealmModel realm, boolean dryRun, String startedBy) {
        return JobRunner.of(session)
                .start(
                        realm,
                        KIND,
                        dryRun,
                        startedBy,
                        (factory, realmId, jobId) -> syncPools(factory, realmId, jobId, dryRun));
    }

    /** Runs a sync to the end on this thread, under the realm's cluster-wide lock. */
    public static void run(KeycloakSessionFactory factory, String realmId, String jobId, boolean dryRun) {
        JobRunner.run(factory, realmId, jobId, KIND, (f, r, j) -> syncPools(f, r, j, dryRun));
    }

    private static void syncPools(KeycloakSessionFactory factory, String realmId, String jobId, boolean dryRun) {
        List<MembershipSync.Step> membershipSteps = MembershipSync.plan(factory, realmId);
        List<Object[]> pools = RealmTransactions.runWithResult(factory, realmId, s -> {
            List<Object[]> list = GatewayAccessStore.of(s).pools().inRealm(realmId).stream()
                    .map(p -> new Object[] {p.getId(), p.getIdentityProvider()})
                    .toList();
            // pools, the sweep of grants on deleted pools, the membership steps and their sweep of unmapped sources
            GatewayAccessStore.of(s).jobs().setTotal(jobId, list.size() + 1L + membershipSteps.size() + 1L);
            return list;
        });
        EventActor actor = RealmTransactions.runWithResult(factory, realmId, s -> {
            GaJobEntity job = GatewayAccessStore.of(s).jobs().find(jobId);
            return new EventActor(realmId, job.getStartedBy(), null, null);
        });
        for (Object[] pool : pools) {
            LinkGrantSync.Counts counts = PoolViewerSync.reconcile(factory, realmId, (String) pool[0], dryRun, actor);
            RealmTransactions.run(factory, realmId, s -> progress(s, jobId, counts));
        }
        RealmTransactions.run(factory, realmId, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            long removed = realm == null ? 0 : new LinkGrantSync(s).orphans(realm, dryRun);
            progress(s, jobId, new LinkGrantSync.Counts(0, removed));
        });
        MembershipSync.run(
                factory,
                realmId,
                membershipSteps,
                dryRun,
                actor,
                counts -> RealmTransactions.run(factory, realmId, s -> progress(s, jobId, counts)));
    }

    private static void progress(KeycloakSession s, String jobId, LinkGrantSync.Counts counts) {
        GatewayAccessStore.of(s).jobs().addProgress(jobId, counts.added(), counts.removed(), counts.kept());
    }
}
