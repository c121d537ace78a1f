package org.gatewayaccess.keycloak.sync;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.JobRows;
import org.keycloak.models.KeycloakSession;

/** GA_JOB rows ({@link JobRows}): what any node of the cluster answers for {@code GET /jobs/{id}}, and what their statuses mean. */
public final class JobStore {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** A job still "running" after this long is taken to have died with its node. */
    static final long STALE_AFTER_MILLIS = 60 * 60 * 1000L;

    /** The error of a job whose node stopped before it finished (the job's status becomes {@code failed}). */
    static final String INTERRUPTED = "Interrupted: the node running this job (%s) stopped before it finished."
            + " Nothing half-written stays wrong: start the job again to finish the work.";

    private final KeycloakSession session;
    private final GatewayAccessStore store;
    private final JobRows jobs;

    public JobStore(KeycloakSession session) {
        this.session = session;
        this.store = GatewayAccessStore.of(session);
        this.jobs = store.jobs();
    }

    /**
     * Locks the realm's GA_REALM_STATE row (SELECT ... FOR UPDATE) until this transaction ends, so that two
     * requests starting a job of the realm at the same moment — on one node or on two — run one after the other:
     * the second sees the first one's job and answers it instead of creating a second one.
     */
    public void lockRealm(String realmId) {
        store.realmStates().lock(realmId);
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
        jobs.insert(job);
        return job;
    }

    /** When the realm's latest job of this kind started by {@code startedBy} started (epoch milliseconds), if any. */
    public Optional<Long> lastStartedAt(String realmId, String kind, String startedBy) {
        return Optional.ofNullable(jobs.latestStartedAt(realmId, kind, startedBy));
    }

    /** Deletes the realm's finished jobs started by {@code startedBy} that finished before {@code before}; returns how many. */
    public int deleteFinished(String realmId, String startedBy, long before) {
        return jobs.deleteFinished(realmId, startedBy, RUNNING, before);
    }

    public Optional<GaJobEntity> find(String realmId, String id) {
        GaJobEntity job = jobs.find(id);
        return job != null && job.getRealmId().equals(realmId) ? Optional.of(job) : Optional.empty();
    }

    /**
     * A job of this kind that is still running in the realm (on a node that is alive), if any. A "running" job
     * whose node is gone is marked interrupted on the way (see {@link #interruptOrphansAtStartUp()}).
     */
    public Optional<GaJobEntity> running(String realmId, String kind) {
        List<GaJobEntity> candidates =
                jobs.withStatusSince(realmId, kind, RUNNING, System.currentTimeMillis() - STALE_AFTER_MILLIS);
        Set<String> alive = JobNodes.of(session).alive();
        for (GaJobEntity job : candidates) {
            if (job.getNode() != null && alive.contains(job.getNode())) {
                return Optional.of(job);
            }
            interrupt(job);
        }
        return Optional.empty();
    }

    /**
     * Marks every "running" job whose node is no longer alive as failed (interrupted), so that
     * {@code GET /jobs/{id}} stops reporting it as running and it no longer stands for the realm's running sync.
     * Run at start-up: a node killed mid-job (kill -9, a crash) leaves its job rows behind. A restarted node
     * usually has a new name; with a fixed one ({@code node-name} option) the rows carry this node's own name,
     * and a process that is just starting runs no job, so those are orphans too. Returns how many were marked.
     */
    public int interruptOrphansAtStartUp() {
        JobNodes nodes = JobNodes.of(session);
        Set<String> alive = nodes.alive();
        String me = nodes.thisNode();
        List<GaJobEntity> orphans = jobs.withStatus(RUNNING).stream()
                .filter(j -> j.getNode() == null || j.getNode().equals(me) || !alive.contains(j.getNode()))
                .toList();
        orphans.forEach(this::interrupt);
        return orphans.size();
    }

    private void interrupt(GaJobEntity job) {
        jobs.finish(job.getId(), FAILED, String.format(INTERRUPTED, job.getNode()), System.currentTimeMillis());
    }

    /** Ends the job (if it still exists) with this status and error. */
    public void finish(String jobId, String status, String error) {
        jobs.finish(jobId, status, error, System.currentTimeMillis());
    }
}
