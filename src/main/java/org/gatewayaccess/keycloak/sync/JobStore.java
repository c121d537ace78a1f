package org.gatewayaccess.keycloak.sync;

import jakarta.persistence.EntityManager;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.Optional;
import java.util.UUID;

/** GA_JOB rows: what any node of the cluster answers for {@code GET /jobs/{id}}. */
public final class JobStore {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** A job still "running" after this long is taken to have died with its node. */
    static final long STALE_AFTER_MILLIS = 60 * 60 * 1000L;

    private final EntityManager em;

    public JobStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public GaJobEntity create(String realmId, String kind, boolean dryRun, String startedBy, String node) {
        GaJobEntity job = new GaJobEntity();
        job.setId(UUID.randomUUID().toString());
        job.setRealmId(realmId);
        job.setKind(kind);
        job.setDryRun(dryRun);
        job.setStatus(RUNNING);
        job.setStartedAt(System.currentTimeMillis());
        job.setStartedBy(startedBy);
        job.setNode(node);
        em.persist(job);
        em.flush();
        return job;
    }

    public Optional<GaJobEntity> find(String realmId, String id) {
        GaJobEntity job = em.find(GaJobEntity.class, id);
        return job != null && job.getRealmId().equals(realmId) ? Optional.of(job) : Optional.empty();
    }

    /** A job of this kind that is still running in the realm (on any node), if any. */
    public Optional<GaJobEntity> running(String realmId, String kind) {
        return em.createQuery("select j from GaJobEntity j where j.realmId = :realmId and j.kind = :kind and j.status = :status"
                + " and j.startedAt > :since order by j.startedAt desc", GaJobEntity.class)
            .setParameter("realmId", realmId).setParameter("kind", kind).setParameter("status", RUNNING)
            .setParameter("since", System.currentTimeMillis() - STALE_AFTER_MILLIS)
            .setMaxResults(1)
            .getResultStream().findFirst();
    }
}
