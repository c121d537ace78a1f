package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.sync.JobStore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
                throw GatewayAccessException.forbidden("Only gateway admins, read-only admins and Keycloak admins may read jobs.");
            }
            if (!Ids.isUuid(id)) {
                throw GatewayAccessException.badRequest("invalid_id", "Job ids are UUIDs.");
            }
            GaJobEntity job = new JobStore(endpoint.session()).find(endpoint.realm().getId(), id)
                .orElseThrow(() -> GatewayAccessException.notFound("job_not_found", "No job with id " + id + " exists in this realm."));
            return Endpoint.json(200, job(job));
        });
    }

    static Map<String, Object> job(GaJobEntity job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.getId());
        json.put("kind", job.getKind());
        json.put("dryRun", job.isDryRun());
        json.put("status", job.getStatus());
        json.put("processed", job.getProcessed());
        json.put("total", job.getTotal());
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("added", job.getAdded());
        changes.put("removed", job.getRemoved());
        changes.put("kept", job.getKept());
        json.put("changes", changes);
        json.put("startedAt", Instant.ofEpochMilli(job.getStartedAt()).toString());
        json.put("finishedAt", job.getFinishedAt() == null ? null : Instant.ofEpochMilli(job.getFinishedAt()).toString());
        if (job.getDetails() != null) {
            json.put("details", Json.parse(job.getDetails(), "The job's details"));
        }
        if (job.getError() != null) {
            json.put("error", job.getError());
        }
        return json;
    }

    /** Any other path below a job (one segment alone is a job id: {@link #get}): the contract's JSON 404, not Keycloak's default body. */
    @Path("{id}/{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
