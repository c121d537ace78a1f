package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** Root of {@code /realms/{realm}/gateway-access}: one sub-resource per concern of the contract. */
public final class GatewayAccessResource {

    private final Endpoint endpoint;

    GatewayAccessResource(KeycloakSession session) {
        this.endpoint = new Endpoint(session);
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

    @Path("{unknown: .*}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
