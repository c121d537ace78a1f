package org.gatewayaccess.keycloak.rest;

import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.function.Supplier;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.auth.CallerAuthenticator;
import org.gatewayaccess.keycloak.auth.ClientGrant;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.gatewayaccess.keycloak.representation.ErrorBody;
import org.gatewayaccess.keycloak.setup.RealmSetup;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponseException;

/**
 * Runs one request: authenticates the caller (before anything else, so that nothing is written for an
 * unauthenticated request), requires the client grant for writes, runs the handler, and turns every refusal
 * into the contract's JSON error, rolling the transaction back so that a refused request
 * changes nothing. Responses are built here, not thrown, because Keycloak's global
 * exception mapper would replace the body.
 */
public final class Endpoint {

    private static final Logger LOG = Logger.getLogger(Endpoint.class);
    /** Methods that never write; every other one starts closed (a new write endpoint needs the client grant by default). */
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private static final ObjectWriter ERROR = Json.writerFor(ErrorBody.class);

    @FunctionalInterface
    public interface Handler {
        Response handle(Caller caller);
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final NodeState node;

    Endpoint(KeycloakSession session, NodeState node) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.node = node;
    }

    /** What this node keeps for every request (made by the factory from its options). */
    NodeState node() {
        return node;
    }

    public RealmModel realm() {
        return realm;
    }

    public KeycloakSession session() {
        return session;
    }

    /** Runs a request; one that can write (any method but GET, HEAD, OPTIONS) needs the client grant ({@link ClientGrant}). */
    public Response run(Handler handler) {
        return run(handler, false);
    }

    /** Runs a read that is sent as POST because it has a body ({@code /check}, {@code /check/batch}): no client grant needed. */
    public Response query(Handler handler) {
        return run(handler, true);
    }

    private Response run(Handler handler, boolean query) {
        try {
            // Authenticate first: setting a realm up writes (roles, groups, the console's client), so only a verified
            // token may cause it; the rights that need the system groups ask for them lazily.
            RealmSetup setup = new RealmSetup(session);
            SystemGroups[] groups = new SystemGroups[1];
            Supplier<SystemGroups> systemGroups =
                    () -> groups[0] != null ? groups[0] : (groups[0] = setup.ensure(realm));
            Caller caller = new CallerAuthenticator(session, realm, node.verifiedTokens()).authenticate(systemGroups);
            systemGroups.get(); // handlers expect a set-up realm
            if (!query && !READS.contains(session.getContext().getHttpRequest().getHttpMethod())) {
                ClientGrant.requireForWrite(
                        caller, GatewayGroups.of(session, realm).orElseThrow());
            }
            return handler.handle(caller);
        } catch (GatewayAccessException e) {
            session.getTransactionManager().setRollbackOnly();
            return error(e.status(), e.code(), e.getMessage());
        } catch (LastAdminException e) {
            session.getTransactionManager().setRollbackOnly();
            return error(409, "last_admin", e.getMessage());
        } catch (ErrorResponseException e) {
            // a refusal raised by the model listener inside our own change (KeycloakRefusal): already the contract's
            // body
            session.getTransactionManager().setRollbackOnly();
            return e.getResponse();
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            LOG.errorf(e, "Gateway Access request failed in realm %s", realm.getName());
            return error(500, "server_error", "The server could not complete the request; see the server log.");
        }
    }

    public static Response json(int status, Object body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(body))
                .build();
    }

    /** As {@link #json(int, Object)}, with a writer built once for the body's type (the hot paths keep theirs). */
    public static Response json(int status, ObjectWriter writer, Object body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(writer, body))
                .build();
    }

    public Response error(int status, String code, String message) {
        Response.ResponseBuilder builder = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.write(ERROR, new ErrorBody(code, message)));
        if (status == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"" + realm.getName() + "\"");
        }
        return builder.build();
    }
}
