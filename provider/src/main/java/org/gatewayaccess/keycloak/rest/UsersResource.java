package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.gatewayrole.GatewayRoleService;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.pending.ActivationService;
import org.gatewayaccess.keycloak.pending.PendingUsers;
import org.gatewayaccess.keycloak.representation.Activation;
import org.gatewayaccess.keycloak.representation.GatewayRoleChange;
import org.gatewayaccess.keycloak.representation.PendingUser;
import org.gatewayaccess.keycloak.storage.GaPendingUserEntity;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** {@code /users}: gateway roles and pending users. */
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {

    private final Endpoint endpoint;
    private final KeycloakSession session;
    private final RealmModel realm;

    UsersResource(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.session = endpoint.session();
        this.realm = endpoint.realm();
    }

    /** Oldest first, paged as the member lists are: {@code ?first=&max=} (default 0 and 1000, at most 10000). */
    @GET
    @Path("pending")
    public Response pending(@QueryParam("first") String first, @QueryParam("max") String max) {
        return endpoint.run(caller -> {
            if (!caller.canReadAdministration()) {
                throw GatewayAccessException.forbidden(
                        "Only gateway admins, read-only admins and Keycloak admins may list pending users.");
            }
            int from = GroupsResource.number("first", first, 0, Integer.MAX_VALUE, 0);
            int size = GroupsResource.number("max", max, 1, GroupsResource.MAX_MAX, GroupsResource.DEFAULT_MAX);
            List<PendingUser> list = new ArrayList<>();
            for (GaPendingUserEntity row : new PendingUsers(session).list(realm, from, size)) {
                UserModel user = session.users().getUserById(realm, row.getUserId());
                if (user == null) {
                    continue;
                }
                list.add(new PendingUser(
                        user.getId(),
                        user.getUsername(),
                        user.getEmail(),
                        row.getIdentityProvider(),
                        Instant.ofEpochMilli(row.getCreatedAt()).toString()));
            }
            return Endpoint.json(200, list);
        });
    }

    /** Replaces the user's gateway role; 204 also when it was already that role (then nothing is written). */
    @PUT
    @Path("{userId}/gateway-role")
    public Response assignRole(@PathParam("userId") String userId, String body) {
        return endpoint.run(caller -> {
            requireManager(caller);
            UserModel user = ModelLookup.of(session).user(realm, userId);
            String role = RequestBodies.roleAssignment(body).role();
            if (new PendingUsers(session).isPending(realm, user.getId())) {
                throw GatewayAccessException.badRequest(
                        "user_pending",
                        "User " + user.getId()
                                + " is awaiting activation: activate them with a role (POST /users/{userId}/activate).");
            }
            GatewayRoleService.Result result = new GatewayRoleService(session, realm, groups())
                    .assign(
                            user,
                            role,
                            caller.keycloakAdmin(),
                            caller.actorId(),
                            ModelLookup.of(session).actor(caller));
            if (result.changed()) {
                AdminEvents.of(session)
                        .record(
                                realm,
                                caller,
                                OperationType.UPDATE,
                                AdminEvents.GATEWAY_ROLE,
                                new GatewayRoleChange(user.getId(), role, result.previousRole()),
                                "users",
                                user.getId(),
                                "gateway-role");
            }
            return Response.noContent().build();
        });
    }

    @POST
    @Path("{userId}/activate")
    public Response activate(@PathParam("userId") String userId, String body) {
        return endpoint.run(caller -> {
            requireManager(caller);
            UserModel user = ModelLookup.of(session).user(realm, userId);
            String role = RequestBodies.roleAssignment(body).role();
            new ActivationService(session, realm, groups())
                    .activate(
                            user,
                            role,
                            caller.keycloakAdmin(),
                            caller.actorId(),
                            ModelLookup.of(session).actor(caller));
            AdminEvents.of(session)
                    .record(
                            realm,
                            caller,
                            OperationType.ACTION,
                            AdminEvents.PENDING_USER,
                            new Activation(user.getId(), role, true),
                            "users",
                            user.getId(),
                            "activate");
            return Response.noContent().build();
        });
    }

    private GatewayGroups groups() {
        return GatewayGroups.of(session, realm)
                .orElseThrow(() -> new IllegalStateException("realm " + realm.getName() + " was not set up"));
    }

    private static void requireManager(Caller caller) {
        if (!caller.canManage()) {
            throw GatewayAccessException.forbidden(
                    "Only gateway admins and Keycloak admins may change gateway roles and activate users.");
        }
    }

    /** Any other path below this one: the contract's JSON 404, not Keycloak's default body. */
    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
