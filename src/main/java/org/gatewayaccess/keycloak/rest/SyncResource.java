package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.sync.SyncService;
import org.keycloak.events.admin.OperationType;

import java.util.Map;

/** {@code POST /sync}: reconcile every link-derived pool grant with the current links and pools. */
@Produces(MediaType.APPLICATION_JSON)
public final class SyncResource {

    private final Endpoint endpoint;

    SyncResource(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Starts (or joins the running) reconciliation of every link-derived grant; answers 202 with the job. */
    @POST
    public Response sync(@QueryParam("dryRun") String dryRun) {
        return endpoint.run(caller -> {
            requireManager(caller);
            boolean dry = flag("dryRun", dryRun);
            GaJobEntity job = new SyncService(endpoint.session()).start(endpoint.realm(), dry, caller.actorId());
            Map<String, Object> representation = JobsResource.job(job);
            AdminEvents.record(endpoint.session(), endpoint.realm(), caller, OperationType.ACTION, AdminEvents.SYNC, representation,
                "jobs", job.getId());
            return Endpoint.json(202, representation);
        });
    }

    /** {@code true}, {@code false} or absent (false); anything else is a 400, not a silent false. */
    static boolean flag(String name, String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw GatewayAccessException.badRequest("invalid_value", "Query parameter '" + name + "' must be true or false.");
    }

    private static void requireManager(Caller caller) {
        if (!caller.canManage()) {
            throw GatewayAccessException.forbidden("Only gateway admins and Keycloak admins may start a sync.");
        }
    }
}
