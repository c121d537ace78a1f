package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.authz.AccessDecisions;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.representation.GrantChange;
import org.gatewayaccess.keycloak.representation.GrantRequest;
import org.gatewayaccess.keycloak.representation.RegisteredResource;
import org.gatewayaccess.keycloak.representation.ResourcePage;
import org.gatewayaccess.keycloak.resource.ResourceService;
import org.gatewayaccess.keycloak.storage.GaResourceEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /resources/{type}}: gateway-owned objects and sharing them. Anyone may register a
 * resource (and becomes its manager); its managers, gateway admins and Keycloak admins share
 * it. Lists and single reads follow the contract's discovery rules.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ResourcesResource {

    private static final int DEFAULT_MAX = 1000;
    private static final int MAX_MAX = 10_000;

    private final Endpoint endpoint;
    private final KeycloakSession session;
    private final RealmModel realm;

    ResourcesResource(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.session = endpoint.session();
        this.realm = endpoint.realm();
    }

    /**
     * 201 when new. When it was registered before, nothing changes and the caller gets exactly what {@code GET} would
     * answer it: 403 when discovery hides the resource from it, else 200 (with {@code createdBy} only for its managers
     * and admins). A new registration counts against the caller's quota ({@code max-resources-per-user}): 403
     * {@code resource_quota_exceeded} once it holds that many. An optional body must be a JSON object.
     */
    @PUT
    @Path("{type}/{id}")
    public Response register(@PathParam("type") String type, @PathParam("id") String id, String body) {
        return endpoint.run(caller -> {
            ResourceService.validate(type, id);
            RequestBodies.registration(body); // its values are not used: a GET result may be sent back
            ResourceService resources = resources();
            GaResourceEntity existing = resources.find(type, id);
            if (existing != null) {
                return read(caller, existing);
            }
            String ownerId = caller.ownRealm() ? caller.user().getId() : null;
            if (ownerId != null) {
                requireQuota(resources, ownerId);
            }
            boolean created = resources.register(type, id, ownerId, gateway().system(), caller.actorId());
            if (!created) {
                return read(caller, resources.get(type, id));
            }
            RegisteredResource representation = resource(resources.get(type, id), held(caller, type, id), true);
            AdminEvents.of(session)
                    .record(
                            realm,
                            caller,
                            OperationType.CREATE,
                            AdminEvents.RESOURCE,
                            representation,
                            "resources",
                            type,
                            id);
            URI location =
                    session.getContext().getUri().getAbsolutePathBuilder().build();
            return Response.created(location)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.write(representation))
                    .build();
        });
    }

    /**
     * 403 {@code resource_quota_exceeded} when the user already holds {@code max-resources-per-user} registrations. The
     * user's row is locked first, so two concurrent registrations of one user are counted one after the other.
     */
    private void requireQuota(ResourceService resources, String userId) {
        int quota = endpoint.node().maxResourcesPerUser();
        if (quota <= 0) {
            return;
        }
        GatewayAccessStore.of(session).keycloak().lockUser(realm.getId(), userId);
        if (resources.registeredBy(userId) >= quota) {
            throw new GatewayAccessException(
                    403,
                    "resource_quota_exceeded",
                    "You have registered " + quota
                            + " resources, the most one user may hold (server option max-resources-per-user); delete one you no longer"
                            + " need (DELETE /resources/{type}/{id}) or ask a gateway admin to register it.");
        }
    }

    /**
     * Ids of the type, in id order, paged ({@code ?first=&max=}, or {@code ?cursor=} from the
     * previous page's {@code next}). Without {@code ?permission=} or with {@code view}: what
     * discovery lets the caller see (everything, or what it holds {@code view} on); with
     * {@code edit} or {@code manage}: what the caller holds at least that on.
     */
    @GET
    @Path("{type}")
    public Response list(
            @PathParam("type") String type,
            @QueryParam("permission") String permission,
            @QueryParam("first") String first,
            @QueryParam("max") String max,
            @QueryParam("cursor") String cursor) {
        return endpoint.run(caller -> {
            ResourceService.validateType(type);
            Permission least = permission == null
                    ? Permission.VIEW
                    : Permission.fromWire(permission)
                            .orElseThrow(() -> GatewayAccessException.badRequest(
                                    "invalid_value",
                                    "Query parameter 'permission' must be one of view, edit, manage."));
            int from = GroupsResource.number("first", first, 0, Integer.MAX_VALUE, 0);
            int size = GroupsResource.number("max", max, 1, MAX_MAX, DEFAULT_MAX);
            String after = cursor == null ? null : decodeCursor(cursor);
            AccessDecisions decisions = decisions();
            List<String> page;
            if (least == Permission.VIEW
                    && Discovery.of(session).seesEverything(realm, gateway().config(), caller)) {
                page = decisions.idsRegistered(type, after, from, size + 1);
            } else if (caller.ownRealm()) {
                page = decisions.idsHeld(
                        decisions.principals(caller.user().getId()), type, least, after, from, size + 1);
            } else {
                page = List.of(); // a master-realm admin holds nothing here
            }
            boolean more = page.size() > size;
            List<String> ids = more ? page.subList(0, size) : page;
            return Endpoint.json(200, new ResourcePage(ids, more ? encodeCursor(ids.get(ids.size() - 1)) : null));
        });
    }

    /** One resource: 404 when not registered, 403 exactly when discovery hides it from the caller. */
    @GET
    @Path("{type}/{id}")
    public Response get(@PathParam("type") String type, @PathParam("id") String id) {
        return endpoint.run(caller -> read(caller, resources().get(type, id)));
    }

    /**
     * What a caller is told about a registered resource, by {@code GET} and by a {@code PUT} of one that exists: 403
     * exactly when discovery hides it; {@code createdBy} only for its managers and those who may read every grant.
     */
    private Response read(Caller caller, GaResourceEntity resource) {
        List<String> held = held(caller, resource.getResourceType(), resource.getResourceId());
        if (held.isEmpty()
                && !Discovery.of(session).seesEverything(realm, gateway().config(), caller)) {
            throw GatewayAccessException.forbidden("This resource is not shared with you.");
        }
        boolean creatorShown = held.contains(Permission.MANAGE.wireName()) || caller.canCheckOthers();
        return Endpoint.json(200, resource(resource, held, creatorShown));
    }

    /** Who holds what on the resource, with sources: for its managers, admins, read-only admins and access checkers. */
    @GET
    @Path("{type}/{id}/grants")
    public Response grants(@PathParam("type") String type, @PathParam("id") String id) {
        return endpoint.run(caller -> {
            ResourceService.validate(type, id);
            if (!caller.canCheckOthers() && !isManager(caller, type, id)) {
                throw GatewayAccessException.forbidden(
                        "Only the resource's managers and admins may list who holds it.");
            }
            return Endpoint.json(
                    200, GrantHolders.of(session).fold(realm, resources().grants(type, id)));
        });
    }

    /** Body {@code {principal, permission}}, read whole before the principal is looked up; source {@code admin}. */
    @PUT
    @Path("{type}/{id}/grants")
    public Response addGrant(@PathParam("type") String type, @PathParam("id") String id, String body) {
        return endpoint.run(caller -> {
            ResourceService.validate(type, id);
            requireSharer(caller, type, id);
            resources().get(type, id);
            GrantRequest grant = RequestBodies.grant(body);
            Principal principal = inRealm(RequestBodies.principal(grant.principal()));
            Permission permission = RequestBodies.permission(grant.permission());
            if (resources().adminGrant(type, id, principal, permission, true, caller.actorId())) {
                AdminEvents.of(session)
                        .record(
                                realm,
                                caller,
                                OperationType.CREATE,
                                AdminEvents.RESOURCE_GRANT,
                                new GrantChange(principal.wireName(), permission.wireName(), GrantSource.ADMIN),
                                "resources",
                                type,
                                id,
                                "grants",
                                principal.wireName(),
                                permission.wireName());
            }
            return Response.noContent().build();
        });
    }

    /** Removes the {@code admin} source of the grant only; other sources (seed, links) stay. */
    @DELETE
    @Path("{type}/{id}/grants")
    public Response removeGrant(
            @PathParam("type") String type,
            @PathParam("id") String id,
            @QueryParam("principal") String principalText,
            @QueryParam("permission") String permissionText) {
        return endpoint.run(caller -> {
            ResourceService.validate(type, id);
            requireSharer(caller, type, id);
            resources().get(type, id);
            if (principalText == null || permissionText == null) {
                throw GatewayAccessException.badRequest(
                        "missing_field", "Query parameters 'principal' and 'permission' are required.");
            }
            Principal principal = inRealm(RequestBodies.principal(principalText));
            Permission permission = RequestBodies.permission(permissionText);
            if (!resources().adminGrant(type, id, principal, permission, false, caller.actorId())) {
                throw GatewayAccessException.notFound(
                        "grant_not_found",
                        "No admin grant of " + permission.wireName() + " to " + principal.wireName()
                                + " exists on this resource.");
            }
            AdminEvents.of(session)
                    .record(
                            realm,
                            caller,
                            OperationType.DELETE,
                            AdminEvents.RESOURCE_GRANT,
                            null,
                            "resources",
                            type,
                            id,
                            "grants",
                            principal.wireName(),
                            permission.wireName());
            return Response.noContent().build();
        });
    }

    /** Unregisters the resource and removes every grant on it. */
    @DELETE
    @Path("{type}/{id}")
    public Response delete(@PathParam("type") String type, @PathParam("id") String id) {
        return endpoint.run(caller -> {
            ResourceService.validate(type, id);
            requireSharer(caller, type, id);
            resources().get(type, id);
            resources().delete(type, id);
            AdminEvents.of(session)
                    .record(realm, caller, OperationType.DELETE, AdminEvents.RESOURCE, null, "resources", type, id);
            return Response.noContent().build();
        });
    }

    @GET
    public Response withoutType() {
        return endpoint.run(caller -> {
            throw GatewayAccessException.notFound("not_found", "Name a resource type: GET /resources/{type}.");
        });
    }

    @Path("{type}/{id}/{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }

    /**
     * Checked before the resource is looked up: a caller who may not change it gets 403 whether or
     * not it exists, so nobody without rights can probe which resources exist.
     */
    private void requireSharer(Caller caller, String type, String id) {
        if (!caller.canManage() && !isManager(caller, type, id)) {
            throw GatewayAccessException.forbidden(
                    "Only the resource's managers, gateway admins and Keycloak admins may change it.");
        }
    }

    private boolean isManager(Caller caller, String type, String id) {
        return held(caller, type, id).contains(Permission.MANAGE.wireName());
    }

    /** The caller's permissions on the resource, every implied one spelt out. */
    private List<String> held(Caller caller, String type, String id) {
        if (!caller.ownRealm()) {
            return List.of();
        }
        AccessDecisions decisions = decisions();
        return decisions
                .held(decisions.principals(caller.user().getId()), type, id)
                .map(Permission::withImplied)
                .orElse(List.of());
    }

    /**
     * The principal, found in this realm, else 404 {@code user_not_found} / {@code group_not_found} with one fixed
     * sentence for every principal that is not of this realm — one that exists nowhere and one of another realm get the
     * same answer (the id is not echoed), so a manager cannot tell which ids exist elsewhere.
     */
    private Principal inRealm(Principal principal) {
        boolean user = principal.type() == Principal.Type.USER;
        boolean found = user
                ? session.users().getUserById(realm, principal.id()) != null
                : session.groups().getGroupById(realm, principal.id()) != null;
        if (!found) {
            throw user
                    ? GatewayAccessException.notFound("user_not_found", "No such user in this realm.")
                    : GatewayAccessException.notFound("group_not_found", "No such group in this realm.");
        }
        return principal;
    }

    private static RegisteredResource resource(
            GaResourceEntity resource, List<String> permissions, boolean creatorShown) {
        String createdAt = Instant.ofEpochMilli(resource.getCreatedAt()).toString();
        return creatorShown
                ? new RegisteredResource.WithCreator(
                        resource.getResourceType(),
                        resource.getResourceId(),
                        resource.getCreatedBy(),
                        createdAt,
                        permissions)
                : new RegisteredResource.Shared(
                        resource.getResourceType(), resource.getResourceId(), createdAt, permissions);
    }

    private static String encodeCursor(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The id a cursor of {@link #encodeCursor} carries. Anything else is refused before it reaches a query: decoded
     * bytes may hold a NUL, which PostgreSQL refuses in a text parameter (a 500 otherwise).
     */
    private static String decodeCursor(String cursor) {
        String id;
        try {
            id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            id = null;
        }
        if (!Ids.isValidResourceId(id)) {
            throw GatewayAccessException.badRequest(
                    "invalid_value", "Query parameter 'cursor' is not a cursor this API returned.");
        }
        return id;
    }

    private ResourceService resources() {
        return new ResourceService(session, realm);
    }

    private AccessDecisions decisions() {
        return new AccessDecisions(session, realm);
    }

    private GatewayGroups gateway() {
        return GatewayGroups.of(session, realm).orElseThrow();
    }
}
