package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.storage.JobRows;

final class JpaJobRows implements JobRows {

    private final EntityManager em;

    JpaJobRows(EntityManager em) {
        this.em = em;
    }

    @Override
    public void insert(GaJobEntity job) {
        em.persist(job);
        em.flush();
    }

    @Override
    public GaJobEntity find(String jobId) {
        return em.find(GaJobEntity.class, jobId);
    }

    @Override
    public Long latestStartedAt(String realmId, String kind, String startedBy) {
        return em.createQuery(
                        "select max(j.startedAt) from GaJobEntity j where j.realmId = :realmId"
                                + " and j.kind = :kind and j.startedBy = :startedBy",
                        Long.class)
                .setParameter("realmId", realmId)
                .setParameter("kind", kind)
                .setParameter("startedBy", startedBy)
                .getSingleResult();
    }

    @Override
    public int deleteFinished(String realmId, String startedBy, String running, long before) {
        return em.createQuery("delete from GaJobEntity j where j.realmId = :realmId and j.startedBy = :startedBy"
                        + " and j.status <> :running and j.finishedAt < :before")
                .setParameter("realmId", realmId)
                .setParameter("startedBy", startedBy)
                .setParameter("running", running)
                .setParameter("before", before)
                .executeUpdate();
    }

    @Override
    public List<GaJobEntity> withStatusSince(String realmId, String kind, String status, long since) {
        return em.createQuery(
                        "select j from GaJobEntity j where j.realmId = :realmId and j.kind = :kind"
                                + " and j.status = :status and j.startedAt > :since order by j.startedAt desc",
                        GaJobEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("kind", kind)
                .setParameter("status", status)
                .setParameter("since", since)
                .getResultList();
    }

    @Override
    public List<GaJobEntity> withStatus(String status) {
        return em.createQuery("select j from GaJobEntity j where j.status = :status", GaJobEntity.class)
                .setParameter("status", status)
                .getResultList();
    }

    @Override
    public void setTotal(String jobId, long total) {
        em.find(GaJobEntity.class, jobId).setTotal(total);
    }

    @Override
    public void addProgress(String jobId, long added, long removed, long kept) {
        GaJobEntity job = em.find(GaJobEntity.class, jobId);
        job.setProcessed(job.getProcessed() + 1);
        job.setAdded(job.getAdded() + added);
        job.setRemoved(job.getRemoved() + removed);
        job.setKept(job.getKept() + kept);
    }

    @Override
    public void addPage(String jobId, long processed, long added, long removed) {
        GaJobEntity job = em.find(GaJobEntity.class, jobId);
        job.setProcessed(job.getProcessed() + processed);
        job.setAdded(job.getAdded() + added);
        job.setRemoved(job.getRemoved() + removed);
    }

    @Override
    public void recordOutcome(String jobId, String details, long processed, long added, long removed) {
        GaJobEntity job = em.find(GaJobEntity.class, jobId);
        job.setDetails(details);
        job.setAdded(added);
        job.setRemoved(removed);
        job.setProcessed(processed);
    }

    @Override
    public void finish(String jobId, String status, String error, long finishedAt) {
        GaJobEntity job = em.find(GaJobEntity.class, jobId);
        if (job != null) {
            job.setStatus(status);
            job.setError(error);
            job.setFinishedAt(finishedAt);
        }
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaJob.deleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
