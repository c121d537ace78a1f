package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.representation.Job;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.sync.JobStore;

/** {@code GET /jobs/{id}}: progress and result of a sync or migration, from any node. */
@Produces(MediaType.APPLICATION_JSON)
public final class JobsResource {

    private final Endpoint endpoint;

    JobsResource(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return endpoint.run(caller -> {
            if (!caller.canReadAdministration()) {
                throw GatewayAccessException.forbidden(
                        "Only gateway admins, read-only admins and Keycloak admins may read jobs.");
            }
            if (!Ids.isUuid(id)) {
                throw GatewayAccessException.badRequest("invalid_id", "Job ids are UUIDs.");
            }
            GaJobEntity job = new JobStore(endpoint.session())
                    .find(endpoint.realm().getId(), id)
                    .orElseThrow(() -> GatewayAccessException.notFound(
                            "job_not_found", "No job with id " + id + " exists in this realm."));
            return Endpoint.json(200, job(job));
        });
    }

    /** The job row as the API answers it (also the representation of the admin event that started it). */
    static Job job(GaJobEntity job) {
        return new Job(
                job.getId(),
                job.getKind(),
                job.isDryRun(),
                job.getStatus(),
                job.getProcessed(),
                job.getTotal(),
                new Job.Changes(job.getAdded(), job.getRemoved(), job.getKept()),
                Instant.ofEpochMilli(job.getStartedAt()).toString(),
                job.getFinishedAt() == null
                        ? null
                        : Instant.ofEpochMilli(job.getFinishedAt()).toString(),
                job.getDetails() == null ? null : Json.parse(job.getDetails(), "The job's details"),
                job.getError());
    }

    /** Any other path below a job (one segment alone is a job id: {@link #get}): the contract's JSON 404, not Keycloak's default body. */
    @Path("{id}/{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
