package org.gatewayaccess.keycloak.sync;

import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

import java.util.List;

/**
 * The optional periodic sync: every realm that has pools gets a sync job, started by
 * {@code scheduler}. Scheduled through Keycloak's cluster-aware runner, so one node of
 * the cluster runs each round.
 */
public final class PeriodicSync implements ScheduledTask {

    public static final String TASK_NAME = "gateway-access-periodic-sync";

    @Override
    public void run(KeycloakSession session) {
        List<String> realmIds = session.realms().getRealmsStream()
            .filter(r -> !Config.getAdminRealm().equals(r.getName()))
            .filter(r -> hasPools(session, r))
            .map(RealmModel::getId)
            .toList();
        for (String realmId : realmIds) {
            String jobId = org.keycloak.models.utils.KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                s -> {
                    JobStore jobs = new JobStore(s);
                    jobs.lockRealm(realmId);
                    if (jobs.running(realmId, SyncService.KIND).isPresent()) {
                        return null;
                    }
                    GaJobEntity job = jobs.create(realmId, SyncService.KIND, false, "scheduler", JobNodes.thisNode(s));
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

    private static boolean hasPools(KeycloakSession session, RealmModel realm) {
        return !session.getProvider(JpaConnectionProvider.class).getEntityManager()
            .createNamedQuery("GaPool.byRealm").setParameter("realmId", realm.getId()).setMaxResults(1).getResultList().isEmpty();
    }
}
