package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.authz.AccessDecisions;
import org.gatewayaccess.keycloak.grant.GrantStore;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.pool.PoolGrantService;
import org.gatewayaccess.keycloak.pool.PoolInput;
import org.gatewayaccess.keycloak.pool.PoolRepresentation;
import org.gatewayaccess.keycloak.pool.PoolService;
import org.gatewayaccess.keycloak.representation.GrantChange;
import org.gatewayaccess.keycloak.representation.Pool;
import org.gatewayaccess.keycloak.representation.PoolRequest;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** {@code /pools}: resource pools and their viewers. */
@Produces(MediaType.APPLICATION_JSON)
public final class PoolsResource {

    private final Endpoint endpoint;
    private final KeycloakSession session;
    private final RealmModel realm;

    PoolsResource(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.session = endpoint.session();
        this.realm = endpoint.realm();
    }

    /** Pools the caller may see: every pool, or only those it holds a permission on (discovery rules). */
    @GET
    public Response list() {
        return endpoint.run(caller -> {
            List<GaPoolEntity> all = pools().list();
            if (!seesEverything(caller)) {
                Set<String> visible = visiblePoolIds(caller);
                all = all.stream().filter(p -> visible.contains(p.getId())).toList();
            }
            return Endpoint.json(200, all.stream().map(PoolsResource::pool).toList());
        });
    }

    @POST
    public Response create(String body) {
        return endpoint.run(caller -> {
            requireManager(caller);
            GaPoolEntity pool = pools().create(poolInput(body, null), actor(caller));
            Pool representation = pool(pool);
            AdminEvents.of(session)
                    .record(
                            realm,
                            caller,
                            OperationType.CREATE,
                            AdminEvents.POOL,
                            representation,
                            "pools",
                            pool.getId());
            URI location = session.getContext()
                    .getUri()
                    .getAbsolutePathBuilder()
                    .path(pool.getId())
                    .build();
            return Response.created(location)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.write(representation))
                    .build();
        });
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return endpoint.run(caller -> {
            GaPoolEntity pool = pools().get(id);
            if (!seesEverything(caller) && !visiblePoolIds(caller).contains(pool.getId())) {
                throw GatewayAccessException.forbidden("This pool is not shared with you.");
            }
            return Endpoint.json(200, pool(pool));
        });
    }

    @PUT
    @Path("{id}")
    public Response replace(@PathParam("id") String id, String body) {
        return endpoint.run(caller -> {
            requireManager(caller);
            pools().get(id); // 404 before 400, so that a body error is not reported for a pool that does not exist
            GaPoolEntity pool = pools().replace(id, poolInput(body, id), actor(caller));
            Pool representation = pool(pool);
            AdminEvents.of(session)
                    .record(realm, caller, OperationType.UPDATE, AdminEvents.POOL, representation, "pools", id);
            return Endpoint.json(200, representation);
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return endpoint.run(caller -> {
            requireManager(caller);
            pools().delete(id);
            AdminEvents.of(session).record(realm, caller, OperationType.DELETE, AdminEvents.POOL, null, "pools", id);
            return Response.noContent().build();
        });
    }

    @GET
    @Path("{id}/viewers")
    public Response viewers(@PathParam("id") String id) {
        return endpoint.run(caller -> {
            if (!caller.canReadAdministration() && !caller.checker()) {
                throw GatewayAccessException.forbidden(
                        "Only gateway admins, read-only admins and Keycloak admins may list viewers.");
            }
            return Endpoint.json(200, GrantHolders.of(session).fold(realm, pools().viewerGrants(id)));
        });
    }

    /** An admin's own grant (source {@code admin}); link-derived grants are untouched. */
    @PUT
    @Path("{id}/viewers/{userId}")
    public Response addViewer(@PathParam("id") String id, @PathParam("userId") String userId) {
        return endpoint.run(caller ->
                adminGrant(caller, id, () -> Principal.user(user(userId).getId()), true));
    }

    /** Removes the {@code admin} source only: a viewer who is also linked to the pool's provider keeps access. */
    @DELETE
    @Path("{id}/viewers/{userId}")
    public Response removeViewer(@PathParam("id") String id, @PathParam("userId") String userId) {
        return endpoint.run(caller ->
                adminGrant(caller, id, () -> Principal.user(user(userId).getId()), false));
    }

    /** The members of the group (and of its subgroups) see the pool. */
    @PUT
    @Path("{id}/viewer-groups/{groupId}")
    public Response addViewerGroup(@PathParam("id") String id, @PathParam("groupId") String groupId) {
        return endpoint.run(caller ->
                adminGrant(caller, id, () -> Principal.group(group(groupId).getId()), true));
    }

    @DELETE
    @Path("{id}/viewer-groups/{groupId}")
    public Response removeViewerGroup(@PathParam("id") String id, @PathParam("groupId") String groupId) {
        return endpoint.run(caller ->
                adminGrant(caller, id, () -> Principal.group(group(groupId).getId()), false));
    }

    /**
     * Adds or removes the {@code admin} source of {@code view} for a principal; an admin event when something changed.
     * The principal is resolved only after the caller is known to be allowed, so nobody else can probe which ids exist.
     */
    private Response adminGrant(Caller caller, String poolId, Supplier<Principal> principalLookup, boolean add) {
        requireManager(caller);
        GaPoolEntity pool = pools().get(poolId);
        Principal principal = principalLookup.get();
        GrantStore grants = new GrantStore(session);
        boolean changed = add
                ? grants.add(
                        realm.getId(),
                        PoolGrantService.POOL,
                        pool.getId(),
                        principal,
                        Permission.VIEW,
                        GrantSource.ADMIN,
                        caller.actorId(),
                        System.currentTimeMillis())
                : grants.remove(
                        realm.getId(),
                        PoolGrantService.POOL,
                        pool.getId(),
                        principal,
                        Permission.VIEW,
                        GrantSource.ADMIN);
        if (changed) {
            GatewayAccessMetrics.grants(GrantSource.ADMIN, add, 1);
            String collection = principal.type() == Principal.Type.USER ? "viewers" : "viewer-groups";
            AdminEvents.of(session)
                    .record(
                            realm,
                            caller,
                            add ? OperationType.CREATE : OperationType.DELETE,
                            AdminEvents.POOL_VIEWER,
                            add
                                    ? new GrantChange(
                                            principal.wireName(), Permission.VIEW.wireName(), GrantSource.ADMIN)
                                    : null,
                            "pools",
                            pool.getId(),
                            collection,
                            principal.id());
        }
        return Response.noContent().build();
    }

    @Path("{unknown: .+/.+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }

    /** The caller, as automatic admin events (the pool's viewer grants, written after the commit) name it. */
    private EventActor actor(Caller caller) {
        return ModelLookup.of(session).actor(caller);
    }

    private boolean seesEverything(Caller caller) {
        return Discovery.of(session)
                .seesEverything(
                        realm, GatewayGroups.of(session, realm).orElseThrow().config(), caller);
    }

    /** Pools the caller holds any permission on (directly or through its groups); the same rule for list and single read. */
    private Set<String> visiblePoolIds(Caller caller) {
        if (!caller.ownRealm()) {
            return Set.of();
        }
        AccessDecisions decisions = new AccessDecisions(session, realm);
        return new HashSet<>(decisions.idsHeld(
                decisions.principals(caller.user().getId()),
                PoolGrantService.POOL,
                Permission.VIEW,
                null,
                0,
                Integer.MAX_VALUE));
    }

    private PoolService pools() {
        return new PoolService(session, realm);
    }

    private UserModel user(String userId) {
        return ModelLookup.of(session).user(realm, userId);
    }

    private GroupModel group(String groupId) {
        return ModelLookup.of(session).group(realm, groupId);
    }

    private static void requireManager(Caller caller) {
        if (!caller.canManage()) {
            throw GatewayAccessException.forbidden("Only gateway admins and Keycloak admins may change pools.");
        }
    }

    private static PoolInput poolInput(String body, String pathId) {
        PoolRequest request = RequestBodies.pool(body, pathId);
        return new PoolInput(request.name(), request.description(), request.identityProvider());
    }

    static Pool pool(GaPoolEntity pool) {
        return PoolRepresentation.of(pool);
    }
}
