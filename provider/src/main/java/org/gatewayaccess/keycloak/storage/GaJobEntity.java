package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A sync or migration run, with progress that any node of the cluster can report. */
@Entity
@Table(name = "GA_JOB")
@NamedQueries({@NamedQuery(name = "GaJob.deleteByRealm", query = "delete from GaJobEntity j where j.realmId = :realmId")
})
public class GaJobEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "KIND", length = 64, nullable = false)
    private String kind;

    @Column(name = "DRY_RUN", nullable = false)
    private boolean dryRun;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "PROCESSED", nullable = false)
    private long processed;

    @Column(name = "TOTAL", nullable = false)
    private long total;

    @Column(name = "ADDED", nullable = false)
    private long added;

    @Column(name = "REMOVED", nullable = false)
    private long removed;

    /** Stale sources the last-admin guard kept (a sync's removal it refused, or a dry run's that it would refuse). */
    @Column(name = "KEPT", nullable = false)
    private long kept;

    @Column(name = "STARTED_AT", nullable = false)
    private long startedAt;

    @Column(name = "FINISHED_AT")
    private Long finishedAt;

    @Column(name = "STARTED_BY")
    private String startedBy;

    @Column(name = "NODE")
    private String node;

    /** JSON list of the changes a dry run would make (capped); null otherwise. */
    @Column(name = "DETAILS")
    private String details;

    @Column(name = "ERROR", length = 1000)
    private String error;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public long getProcessed() {
        return processed;
    }

    public void setProcessed(long processed) {
        this.processed = processed;
    }

    public long getTotal() {
        return total;
    }

    public void setTotal(long total) {
        this.total = total;
    }

    public long getAdded() {
        return added;
    }

    public void setAdded(long added) {
        this.added = added;
    }

    public long getRemoved() {
        return removed;
    }

    public void setRemoved(long removed) {
        this.removed = removed;
    }

    public long getKept() {
        return kept;
    }

    public void setKept(long kept) {
        this.kept = kept;
    }

    public long getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(long startedAt) {
        this.startedAt = startedAt;
    }

    public Long getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(Long finishedAt) {
        this.finishedAt = finishedAt;
    }

    public String getStartedBy() {
        return startedBy;
    }

    public void setStartedBy(String startedBy) {
        this.startedBy = startedBy;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public String getDetails() {
        return details;
    }

    public void setDetails(String details) {
        this.details = details;
    }
}
