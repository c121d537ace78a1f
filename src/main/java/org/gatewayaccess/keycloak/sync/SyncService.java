package org.gatewayaccess.keycloak.sync;

import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;

/**
 * {@code POST /sync}: recomputes every link-derived pool grant and every role- and
 * link-derived gateway group membership of a realm as a job ({@link MembershipSync}). The
 * job row is written in the request's transaction; the work starts after that commit on
 * Keycloak's executor, pool by pool, each pool in its own transaction with the job's
 * progress committed alongside, so {@code GET /jobs/{id}} on any node shows it moving.
 * Keycloak's cluster-wide task lock ensures one node at a time syncs a given realm.
 */
public final class SyncService {

    public static final String KIND = "sync";

    private static final Logger LOG = Logger.getLogger(SyncService.class);
    private static final int LOCK_SECONDS = 3600;

    private final KeycloakSession session;

    public SyncService(KeycloakSession session) {
        this.session = session;
    }

    /** The running sync of the realm if there is one (started anywhere in the cluster), else a new job. */
    public GaJobEntity start(RealmModel realm, boolean dryRun, String startedBy) {
        JobStore jobs = new JobStore(session);
        var running = jobs.running(realm.getId(), KIND);
        if (running.isPresent()) {
            return running.get();
        }
        GaJobEntity job = jobs.create(realm.getId(), KIND, dryRun, startedBy, nodeName());
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String jobId = job.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.getProvider(ExecutorsProvider.class).getExecutor("gateway-access")
                    .execute(() -> run(factory, realmId, jobId, dryRun));
            }

            @Override
            protected void rollbackImpl() {
            }
        });
        return job;
    }

    /** Runs a sync to the end on this thread, under the realm's cluster-wide lock. */
    public static void run(KeycloakSessionFactory factory, String realmId, String jobId, boolean dryRun) {
        try {
            boolean[] ran = {false};
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                ExecutionResult<Void> result = s.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted("gateway-access-sync::" + realmId, LOCK_SECONDS, () -> {
                        ran[0] = true;
                        syncPools(factory, realmId, jobId, dryRun);
                        return null;
                    });
                if (!result.isExecuted()) {
                    LOG.debugf("Sync of realm %s skipped: another node holds the lock", realmId);
                }
            });
            finish(factory, jobId, ran[0] ? JobStore.DONE : JobStore.FAILED,
                ran[0] ? null : "Another node is running a sync of this realm.");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Sync job %s of realm %s failed", jobId, realmId);
            finish(factory, jobId, JobStore.FAILED, "The sync failed; see the server log.");
        }
    }

    private static void syncPools(KeycloakSessionFactory factory, String realmId, String jobId, boolean dryRun) {
        List<Object[]> pools = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            List<Object[]> list = em(s).createNamedQuery("GaPool.byRealm", GaPoolEntity.class)
                .setParameter("realmId", realmId).getResultStream()
                .map(p -> new Object[]{p.getId(), p.getIdentityProvider()}).toList();
            GaJobEntity job = em(s).find(GaJobEntity.class, jobId);
            job.setTotal(list.size() + 1L + MembershipSync.steps(factory, realmId));
            return list;
        });
        EventActor actor = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            GaJobEntity job = em(s).find(GaJobEntity.class, jobId);
            return new EventActor(realmId, job.getStartedBy(), null, null);
        });
        for (Object[] pool : pools) {
            LinkGrantSync.Counts counts = PoolViewerSync.reconcile(factory, realmId, (String) pool[0], dryRun, actor);
            KeycloakModelUtils.runJobInTransaction(factory, s -> progress(s, jobId, counts.added(), counts.removed()));
        }
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            long removed = realm == null ? 0 : new LinkGrantSync(s).orphans(realm, dryRun);
            progress(s, jobId, 0, removed);
        });
        MembershipSync.run(factory, realmId, dryRun, actor,
            (added, removed) -> KeycloakModelUtils.runJobInTransaction(factory, s -> progress(s, jobId, added, removed)));
    }

    private static void progress(KeycloakSession s, String jobId, long added, long removed) {
        GaJobEntity job = em(s).find(GaJobEntity.class, jobId);
        job.setProcessed(job.getProcessed() + 1);
        job.setAdded(job.getAdded() + added);
        job.setRemoved(job.getRemoved() + removed);
    }

    public static void finish(KeycloakSessionFactory factory, String jobId, String status, String error) {
        GatewayAccessMetrics.syncFinished(status);
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            GaJobEntity job = em(s).find(GaJobEntity.class, jobId);
            if (job != null) {
                job.setStatus(status);
                job.setError(error);
                job.setFinishedAt(System.currentTimeMillis());
            }
        });
    }

    private static jakarta.persistence.EntityManager em(KeycloakSession s) {
        return s.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public static String nodeName() {
        String node = System.getProperty("jboss.node.name");
        return node != null ? node : System.getenv().getOrDefault("HOSTNAME", "local");
    }
}
