package org.gatewayaccess.keycloak.sync;

import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.cluster.ExecutionResult;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * How every long-running job (sync, migration) runs: the job row is written in the
 * request's transaction; the work starts after that commit on Keycloak's executor, under
 * Keycloak's cluster-wide task lock for (kind, realm), so one node at a time works on a
 * realm; the job ends {@code done} or {@code failed} (the cause logged, not shown).
 *
 * <p>{@link #start} belongs to a request ({@code JobRunner.of(session).start(…)}); {@link #run} and
 * {@link #interruptOrphans} open sessions of their own from the factory and stay static, as Keycloak's
 * {@code runJobInTransaction} is.
 */
public final class JobRunner {

    /** The work of one job, run outside any request, in transactions of its own. */
    @FunctionalInterface
    public interface Work {
        void run(KeycloakSessionFactory factory, String realmId, String jobId);
    }

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final int LOCK_SECONDS = 3600;

    /** The request's session: the job row is written in its transaction, the work starts after its commit. */
    private final KeycloakSession session;

    private JobRunner(KeycloakSession session) {
        this.session = session;
    }

    /** The jobs started by this session's request. */
    public static JobRunner of(KeycloakSession session) {
        return new JobRunner(session);
    }

    /** The running job of that kind in the realm (started anywhere in the cluster), else a new one that starts after the commit. */
    public GaJobEntity start(RealmModel realm, String kind, boolean dryRun, String startedBy, Work work) {
        JobStore jobs = new JobStore(session);
        jobs.lockRealm(realm.getId());
        var running = jobs.running(realm.getId(), kind);
        if (running.isPresent()) {
            return running.get();
        }
        GaJobEntity job = jobs.create(
                realm.getId(), kind, dryRun, startedBy, JobNodes.of(session).thisNode());
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        String jobId = job.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                session.getProvider(ExecutorsProvider.class)
                        .getExecutor("gateway-access")
                        .execute(() -> run(factory, realmId, jobId, kind, work));
            }

            @Override
            protected void rollbackImpl() {
                // no job row was committed: nothing to run
            }
        });
        return job;
    }

    /** Runs a job to the end on this thread, under the cluster-wide lock of (kind, realm). */
    public static void run(KeycloakSessionFactory factory, String realmId, String jobId, String kind, Work work) {
        try {
            boolean[] ran = {false};
            RealmTransactions.run(factory, realmId, s -> {
                ExecutionResult<Void> result = s.getProvider(ClusterProvider.class)
                        .executeIfNotExecuted("gateway-access-" + kind + "::" + realmId, LOCK_SECONDS, () -> {
                            ran[0] = true;
                            work.run(factory, realmId, jobId);
                            return null;
                        });
                if (!result.isExecuted()) {
                    LOG.debugf("Job %s (%s) of realm %s skipped: another node holds the lock", jobId, kind, realmId);
                }
            });
            finish(
                    factory,
                    realmId,
                    jobId,
                    kind,
                    ran[0] ? JobStore.DONE : JobStore.FAILED,
                    ran[0] ? null : "Another node is running a job of this kind in this realm.");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %s (%s) of realm %s failed", jobId, kind, realmId);
            finish(factory, realmId, jobId, kind, JobStore.FAILED, "The job failed; see the server log.");
        }
    }

    private static void finish(
            KeycloakSessionFactory factory, String realmId, String jobId, String kind, String status, String error) {
        if (SyncService.KIND.equals(kind)) {
            GatewayAccessMetrics.syncFinished(status);
        }
        RealmTransactions.run(factory, realmId, s -> new JobStore(s).finish(jobId, status, error));
    }

    /** At start-up: jobs left "running" by a node that died are reported failed (interrupted) from now on. */
    public static void interruptOrphans(KeycloakSessionFactory factory) {
        int interrupted = KeycloakModelUtils.runJobInTransactionWithResult(
                factory, s -> new JobStore(s).interruptOrphansAtStartUp());
        if (interrupted > 0) {
            LOG.warnf(
                    "%d job(s) left running by a node that stopped were marked failed (interrupted); start them again",
                    interrupted);
        }
    }
}
