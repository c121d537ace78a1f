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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.boundary.DelegationBoundary;
import org.gatewayaccess.keycloak.membership.GatewayAdmins;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.MembershipService;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.representation.GatewayGroup;
import org.gatewayaccess.keycloak.representation.GroupMember;
import org.gatewayaccess.keycloak.representation.RemainingSources;
import org.gatewayaccess.keycloak.representation.Source;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/** {@code /groups}: the realm's gateway groups and their members, source by source. */
@Produces(MediaType.APPLICATION_JSON)
public final class GroupsResource {

    static final int DEFAULT_MAX = 1000;
    static final int MAX_MAX = 10_000;

    private final Endpoint endpoint;
    private final KeycloakSession session;
    private final RealmModel realm;

    GroupsResource(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.session = endpoint.session();
        this.realm = endpoint.realm();
    }

    @GET
    public Response list() {
        return endpoint.run(caller -> {
            requireReader(caller);
            GatewayGroups groups = gatewayGroups();
            List<GatewayGroup> list = new ArrayList<>();
            for (String id : groups.ids()) {
                GroupModel group = session.groups().getGroupById(realm, id);
                if (group != null) {
                    list.add(new GatewayGroup(
                            group.getId(),
                            group.getName(),
                            KeycloakModelUtils.buildGroupPath(group),
                            groups.systemRole(id),
                            memberCount(id)));
                }
            }
            return Endpoint.json(200, list);
        });
    }

    /** Direct members, by username, with their sources; {@code ?first=&max=} page (default 0 and 1000, at most 10000). */
    @GET
    @Path("{groupId}/members")
    public Response members(
            @PathParam("groupId") String groupId, @QueryParam("first") String first, @QueryParam("max") String max) {
        return endpoint.run(caller -> {
            requireReader(caller);
            GroupModel group = gatewayGroup(gatewayGroups(), groupId);
            int from = number("first", first, 0, Integer.MAX_VALUE, 0);
            int size = number("max", max, 1, MAX_MAX, DEFAULT_MAX);
            List<Object[]> page = store().keycloak().groupMembersByUsername(group.getId(), from, size);
            Map<String, List<Source>> sources = new HashMap<>();
            if (!page.isEmpty()) {
                store().memberships()
                        .forUsersInGroup(
                                group.getId(),
                                page.stream().map(r -> (String) r[0]).toList())
                        .forEach(row -> sources.computeIfAbsent(row.getUserId(), k -> new ArrayList<>())
                                .add(source(row)));
            }
            List<GroupMember> members = new ArrayList<>();
            for (Object[] row : page) {
                String memberId = (String) row[0];
                members.add(new GroupMember(
                        "user:" + memberId, memberId, (String) row[1], sources.getOrDefault(memberId, List.of())));
            }
            return Endpoint.json(200, members);
        });
    }

    /** Adds source {@code admin}. Into the admins group only a Keycloak admin may add, unless the configuration allows gateway admins. */
    @PUT
    @Path("{groupId}/members/{userId}")
    public Response addMember(@PathParam("groupId") String groupId, @PathParam("userId") String userId) {
        return endpoint.run(caller -> {
            Membership m = membership(caller, groupId, userId);
            if (m.groups().config().adminPromotionRequiresRealmAdmin()
                    && !caller.keycloakAdmin()
                    && GatewayAdmins.of(session, realm, m.groups().system())
                            .includes(m.group().getId())) {
                throw GatewayAccessException.forbidden(
                        "Only a Keycloak admin may add members to the admins group or its subgroups"
                                + " (adminPromotionRequiresRealmAdmin).");
            }
            new MembershipService(session, realm, m.groups())
                    .add(
                            m.group(),
                            m.user(),
                            GrantSource.ADMIN,
                            caller.actorId(),
                            ModelLookup.of(session).actor(caller));
            return Response.noContent().build();
        });
    }

    /** Removes source {@code admin} only; answers the sources that still keep the user in (empty: no longer a member). */
    @DELETE
    @Path("{groupId}/members/{userId}")
    public Response removeMember(@PathParam("groupId") String groupId, @PathParam("userId") String userId) {
        return endpoint.run(caller -> {
            Membership m = membership(caller, groupId, userId);
            List<String> remaining = new MembershipService(session, realm, m.groups())
                    .remove(
                            m.group(),
                            m.user(),
                            GrantSource.ADMIN,
                            ModelLookup.of(session).actor(caller));
            return Endpoint.json(200, new RemainingSources(remaining));
        });
    }

    /** The gateway group and user a membership change names, once the caller may change memberships. */
    private record Membership(GatewayGroups groups, GroupModel group, UserModel user) {}

    /**
     * The delegation boundary, checked at every write: a gateway admin changes members of ordinary groups only
     * (Keycloak may have given the group a privileged role since it became a gateway group). Keycloak admins may
     * change anything they could change through Keycloak's own admin API.
     */
    private Membership membership(Caller caller, String groupId, String userId) {
        requireManager(caller);
        GatewayGroups groups = gatewayGroups();
        GroupModel group = gatewayGroup(groups, groupId);
        UserModel user = ModelLookup.of(session).user(realm, userId);
        if (!caller.keycloakAdmin()) {
            new DelegationBoundary(realm, groups.config().gatewayRoles())
                    .requireOrdinary(group, "change the members of");
        }
        return new Membership(groups, group, user);
    }

    private GatewayGroups gatewayGroups() {
        return GatewayGroups.of(session, realm)
                .orElseThrow(() -> new IllegalStateException("realm " + realm.getName() + " was not set up"));
    }

    /** The group, if it is one of the realm's gateway groups; any other group is not served here (404). */
    private GroupModel gatewayGroup(GatewayGroups groups, String groupId) {
        GroupModel group = ModelLookup.of(session).group(realm, groupId);
        if (!groups.contains(group.getId())) {
            throw GatewayAccessException.notFound(
                    "group_not_found",
                    "Group " + groupId + " is not a gateway group (a system group or the target of a mapping).");
        }
        return group;
    }

    private long memberCount(String groupId) {
        return store().keycloak().groupMemberCount(groupId);
    }

    static Source source(GaMembershipEntity row) {
        return new Source(
                row.getSource(),
                row.getGrantedBy(),
                Instant.ofEpochMilli(row.getGrantedAt()).toString());
    }

    static int number(String name, String value, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw GatewayAccessException.badRequest(
                "invalid_value",
                "Query parameter '" + name + "' must be a whole number from " + min + " to " + max + ".");
    }

    private GatewayAccessStore store() {
        return GatewayAccessStore.of(session);
    }

    private static void requireReader(Caller caller) {
        if (!caller.canReadAdministration()) {
            throw GatewayAccessException.forbidden(
                    "Only gateway admins, read-only admins and Keycloak admins may read gateway groups.");
        }
    }

    private static void requireManager(Caller caller) {
        if (!caller.canManage()) {
            throw GatewayAccessException.forbidden(
                    "Only gateway admins and Keycloak admins may change gateway group members.");
        }
    }

    /** Any other path below this one: the contract's JSON 404, not Keycloak's default body. */
    @Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }
}
