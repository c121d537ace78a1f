package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.representation.ErrorBody;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Root of {@code /realms/{realm}/gateway-access}: one sub-resource per concern of the contract. */
public final class GatewayAccessResource {

    private final Endpoint endpoint;

    private final KeycloakSession session;

    GatewayAccessResource(KeycloakSession session, NodeState node) {
        refuseAdministrationRealm(session);
        refuseFormBodies(session);
        this.session = session;
        this.endpoint = new Endpoint(session, node);
    }

    /**
     * Keycloak's administration realm is not a gateway: every path below it answers 404 {@code not_a_gateway}, for every
     * caller, before anything else runs. Setting it up would make its {@code admin} role (Keycloak's super-admin role)
     * the gateway's admin role, and create gateway groups, roles and a client next to Keycloak's own administrators.
     */
    private static void refuseAdministrationRealm(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        if (realm != null && !GatewayRealmSetup.isGateway(realm)) {
            throw new WebApplicationException(Endpoint.json(
                    404,
                    new ErrorBody(
                            "not_a_gateway",
                            "Realm '" + realm.getName() + "' is Keycloak's administration realm, not a gateway.")));
        }
    }

    /**
     * Request bodies are JSON. A form or multipart Content-Type is refused here, before any endpoint
     * is matched: RESTEasy would otherwise parse such a body as a form ahead of the endpoint, and a
     * malformed one ends in a 500 (with the whole body in the server log). Keycloak's admin API
     * answers these 415 too (its endpoints consume JSON).
     */
    private static void refuseFormBodies(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        MediaType type;
        try {
            type = headers == null ? null : headers.getMediaType();
        } catch (RuntimeException unparsable) {
            type = MediaType.APPLICATION_FORM_URLENCODED_TYPE; // not a type we accept either
        }
        if (type != null
                && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                        || "multipart".equalsIgnoreCase(type.getType()))) {
            throw new WebApplicationException(
                    Endpoint.json(
                            415,
                            new ErrorBody(
                                    "unsupported_media_type",
                                    "Request bodies are JSON (Content-Type: application/json); form and multipart bodies are not accepted.")));
        }
    }

    /** The access console: a static page and its files, served without a token (it signs in through the realm). */
    @Path("console")
    public ConsoleResource console() {
        return new ConsoleResource(session, endpoint);
    }

    @Path("pools")
    public PoolsResource pools() {
        return new PoolsResource(endpoint);
    }

    @Path("sync")
    public SyncResource sync() {
        return new SyncResource(endpoint);
    }

    @Path("groups")
    public GroupsResource groups() {
        return new GroupsResource(endpoint);
    }

    @Path("config")
    public ConfigResource config() {
        return new ConfigResource(endpoint);
    }

    @Path("migrations")
    public MigrationsResource migrations() {
        return new MigrationsResource(endpoint);
    }

    @Path("users")
    public UsersResource users() {
        return new UsersResource(endpoint);
    }

    @Path("jobs")
    public JobsResource jobs() {
        return new JobsResource(endpoint);
    }

    @Path("me")
    public MeResource me() {
        return new MeResource(endpoint);
    }

    @Path("check")
    public CheckResource check() {
        return new CheckResource(endpoint);
    }

    @Path("resources")
    public ResourcesResource resources() {
        return new ResourcesResource(endpoint);
    }

    /** The OpenID AuthZEN 1.0 API, with this base path as the policy decision point. */
    @Path("access/v1")
    public AuthZenResource authZen() {
        return new AuthZenResource(endpoint);
    }

    /** AuthZEN's discovery document (public). */
    @Path(".well-known")
    public AuthZenMetadataResource wellKnown() {
        return new AuthZenMetadataResource(endpoint);
    }

    @Path("{unknown: .*}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
