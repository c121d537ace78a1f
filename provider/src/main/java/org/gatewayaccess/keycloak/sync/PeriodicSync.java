package org.gatewayaccess.keycloak.sync;

import java.util.List;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

/**
 * The optional periodic sync: every realm that has pools gets a sync job, started by
 * {@code scheduler}, once per interval across the cluster. Every node's timer fires every
 * interval; Keycloak's {@code ClusterAwareScheduledTaskRunner} only keeps two nodes from
 * running the task at the same moment (its cluster lock is released when the task ends), so
 * on its own N nodes would sync each realm N times per interval. Hence the check, under the
 * realm's row lock, of when the realm's last scheduled sync started.
 */
public final class PeriodicSync implements ScheduledTask {

    public static final String TASK_NAME = "gateway-access-periodic-sync";
    public static final String STARTED_BY = "scheduler";

    /**
     * How long a scheduled round's job stays readable ({@code GET /jobs/{id}}). Each round writes a job row per realm,
     * so without a limit a short interval would grow GA_JOB without end; jobs started by people are kept.
     */
    static final long SCHEDULED_JOB_RETENTION_MILLIS = java.util.concurrent.TimeUnit.DAYS.toMillis(7);

    /** A round started less than this before skips the realm: the interval less a tenth, for the timers' jitter. */
    private final long minimumGapMillis;

    public PeriodicSync(long intervalMillis) {
        this.minimumGapMillis = intervalMillis - intervalMillis / 10;
    }

    @Override
    public void run(KeycloakSession session) {
        List<String> realmIds = session.realms()
                .getRealmsStream()
                .filter(GatewayRealmSetup::isGateway)
                .filter(r -> hasPools(session, r))
                .map(RealmModel::getId)
                .toList();
        for (String realmId : realmIds) {
            String jobId = RealmTransactions.runWithResult(session.getKeycloakSessionFactory(), realmId, s -> {
                JobStore jobs = new JobStore(s);
                jobs.lockRealm(realmId);
                if (jobs.running(realmId, SyncService.KIND).isPresent() || roundAlreadyRun(jobs, realmId)) {
                    return null;
                }
                jobs.deleteFinished(realmId, STARTED_BY, System.currentTimeMillis() - SCHEDULED_JOB_RETENTION_MILLIS);
                GaJobEntity job = jobs.create(
                        realmId,
                        SyncService.KIND,
                        false,
                        STARTED_BY,
                        JobNodes.of(s).thisNode());
                return job.getId();
            });
            if (jobId != null) {
                SyncService.run(session.getKeycloakSessionFactory(), realmId, jobId, false);
            }
        }
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }

    /** This round has already run for the realm, on another node. */
    private boolean roundAlreadyRun(JobStore jobs, String realmId) {
        return jobs.lastStartedAt(realmId, SyncService.KIND, STARTED_BY)
                .map(last -> System.currentTimeMillis() - last < minimumGapMillis)
                .orElse(false);
    }

    private static boolean hasPools(KeycloakSession session, RealmModel realm) {
        return GatewayAccessStore.of(session).pools().realmHasPools(realm.getId());
    }
}
