package org.gatewayaccess.keycloak.storage;

import java.util.List;

/**
 * The only reader and writer of {@code GA_JOB} sync and migration jobs: see {@link GatewayAccessStore}. What a
 * status means, and when a job counts as orphaned, is the job store's ({@code sync.JobStore}); these are its rows.
 */
public interface JobRows {

    /** Writes a new job row and flushes, so that any node can read it once the transaction commits. */
    void insert(GaJobEntity job);

    /** The job (a managed row carrier), or null. */
    GaJobEntity find(String jobId);

    /** When the realm's latest job of this kind started by {@code startedBy} started (epoch milliseconds); null if none. */
    Long latestStartedAt(String realmId, String kind, String startedBy);

    /**
     * Deletes the realm's jobs started by {@code startedBy} whose status is not {@code running} and that finished
     * before {@code before}; returns how many.
     */
    int deleteFinished(String realmId, String startedBy, String running, long before);

    /** The realm's jobs of this kind with this status that started after {@code since}, newest first. */
    List<GaJobEntity> withStatusSince(String realmId, String kind, String status, long since);

    /** Every job with this status, in every realm. */
    List<GaJobEntity> withStatus(String status);

    /** Sets the job's total of steps. */
    void setTotal(String jobId, long total);

    /** One more step done, with these counts. */
    void addProgress(String jobId, long added, long removed, long kept);

    /** A role migration's page done: this many users processed, memberships added and direct role grants removed. */
    void addPage(String jobId, long processed, long added, long removed);

    /** A dry run's outcome: what it would do ({@code details}, JSON) and its counts, in place of any progress. */
    void recordOutcome(String jobId, String details, long processed, long added, long removed);

    /** Ends the job (if it still exists) with this status and error. */
    void finish(String jobId, String status, String error, long finishedAt);

    /** Deletes the realm's jobs (the realm is being removed). */
    void deleteRealm(String realmId);
}
