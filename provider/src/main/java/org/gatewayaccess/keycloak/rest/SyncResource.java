package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.representation.Job;
import org.gatewayaccess.keycloak.storage.GaJobEntity;
import org.gatewayaccess.keycloak.sync.SyncService;
import org.keycloak.events.admin.OperationType;

/** {@code POST /sync}: reconcile every link-derived pool grant with the current links and pools. */
@Produces(MediaType.APPLICATION_JSON)
public final class SyncResource {

    private final Endpoint endpoint;

    SyncResource(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Starts (or joins the running) reconciliation of every link-derived grant; answers 202 with the job.
     * {@code dryRun} is declared for the API's description; its value is read by {@link #flag}.
     */
    @POST
    public Response sync(@QueryParam("dryRun") String dryRun) {
        return endpoint.run(caller -> {
            requireManager(caller);
            boolean dry = flag(endpoint.session().getContext().getUri(), "dryRun");
            GaJobEntity job = new SyncService(endpoint.session()).start(endpoint.realm(), dry, caller.actorId());
            Job representation = JobsResource.job(job);
            AdminEvents.of(endpoint.session())
                    .record(
                            endpoint.realm(),
                            caller,
                            OperationType.ACTION,
                            AdminEvents.SYNC,
                            representation,
                            "jobs",
                            job.getId());
            return Endpoint.json(202, representation);
        });
    }

    /**
     * {@code true}, {@code false} or absent (false); anything else is a 400, not a silent false. Read from the raw
     * query, because JAX-RS hands an empty value ({@code ?dryRun=}) to {@code @QueryParam} as if it were absent, and
     * a script whose variable came out empty meant a dry run at least as likely as a real one.
     */
    static boolean flag(UriInfo uri, String name) {
        List<String> values = new ArrayList<>();
        String query = uri.getRequestUri().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() == 1 && (values.get(0).equals("true") || values.get(0).equals("false"))) {
            return values.get(0).equals("true");
        }
        throw GatewayAccessException.badRequest(
                "invalid_value", "Query parameter '" + name + "' must be given once, as true or false.");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // not a valid escape: compared as it is, so it is not 'true' or 'false' either
        }
    }

    private static void requireManager(Caller caller) {
        if (!caller.canManage()) {
            throw GatewayAccessException.forbidden("Only gateway admins and Keycloak admins may start a sync.");
        }
    }

    /** Any other path below this one: the contract's JSON 404, not Keycloak's default body. */
    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
