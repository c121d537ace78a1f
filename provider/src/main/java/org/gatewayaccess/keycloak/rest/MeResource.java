package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.authz.AccessDecisions;
import org.gatewayaccess.keycloak.authz.UserPrincipals;
import org.gatewayaccess.keycloak.gatewayrole.GatewayRoleService;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.pool.PoolGrantService;
import org.gatewayaccess.keycloak.pool.PoolService;
import org.gatewayaccess.keycloak.representation.Me;
import org.gatewayaccess.keycloak.representation.Source;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

/**
 * {@code GET /me}: the caller's gateway role, gateway groups (with sources), the pools it
 * holds a permission on and its grants by resource type — read fresh from the database. The
 * resources are bounded: {@link #MAX_PER_TYPE} ids per type, {@link #MAX_RESOURCES} in all, with
 * {@code truncated} and {@code truncatedTypes} saying what was cut (each a bounded query).
 */
@Produces(MediaType.APPLICATION_JSON)
public final class MeResource {

    /** Ids listed per resource type in {@code resources}; the rest: {@code GET /resources/{type}?permission=}. */
    static final int MAX_PER_TYPE = 100;
    /** Ids listed in {@code resources} in all. */
    static final int MAX_RESOURCES = 1000;

    private final Endpoint endpoint;
    private final KeycloakSession session;
    private final RealmModel realm;

    MeResource(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.session = endpoint.session();
        this.realm = endpoint.realm();
    }

    @GET
    public Response me() {
        return endpoint.run(caller -> Endpoint.json(200, describe(caller)));
    }

    @jakarta.ws.rs.Path("{unknown: .+}")
    public NotFoundResource unknown() {
        return new NotFoundResource(endpoint);
    }

    private Me describe(Caller caller) {
        if (!caller.ownRealm()) {
            throw GatewayAccessException.badRequest(
                    "not_a_realm_user",
                    "GET /me describes a user of this realm; a master-realm admin has no access of its own here.");
        }
        UserModel user = caller.user();
        GatewayGroups gateway = GatewayGroups.of(session, realm).orElseThrow();
        AccessDecisions decisions = new AccessDecisions(session, realm);
        UserPrincipals who = decisions.principals(user);

        // pools: every pool the user holds a permission on (pools are few: only admins create them)
        List<Me.PoolAccess> pools = new ArrayList<>();
        PoolService poolService = new PoolService(session, realm);
        List<GaPoolEntity> realmPools = poolService.list();
        Map<String, Permission> poolPermissions =
                realmPools.isEmpty() ? Map.of() : decisions.heldOfType(who, PoolGrantService.POOL, realmPools.size());
        for (GaPoolEntity pool : realmPools) {
            Permission p = poolPermissions.get(pool.getId());
            if (p != null) {
                pools.add(new Me.PoolAccess(pool.getId(), pool.getName(), p.withImplied()));
            }
        }
        // other resources: at most MAX_PER_TYPE ids per type and MAX_RESOURCES in all; a type cut short is named in
        // truncatedTypes, and GET /resources/{type}?permission= pages all of it
        Map<String, Map<String, List<String>>> resources = new TreeMap<>();
        List<String> truncatedTypes = new ArrayList<>();
        int listed = 0;
        List<String> types = decisions.typesHeld(who, MAX_RESOURCES + 2);
        boolean moreTypes = false;
        for (String type : types) {
            if (PoolGrantService.POOL.equals(type)) {
                continue;
            }
            int room = Math.min(MAX_PER_TYPE, MAX_RESOURCES - listed);
            if (room == 0) {
                moreTypes = true;
                if (truncatedTypes.size() < MAX_RESOURCES) {
                    truncatedTypes.add(type);
                }
                continue;
            }
            java.util.SortedMap<String, Permission> held = decisions.heldOfType(who, type, room);
            if (held.size() > room) {
                held.remove(held.lastKey());
                truncatedTypes.add(type);
            }
            Map<String, List<String>> byId = new TreeMap<>();
            held.forEach((id, p) -> byId.put(id, p.withImplied()));
            resources.put(type, byId);
            listed += byId.size();
        }
        boolean truncated = !truncatedTypes.isEmpty() || moreTypes || types.size() > MAX_RESOURCES + 1;

        return new Me(
                user.getId(),
                user.getUsername(),
                new GatewayRoleService(session, realm, gateway).currentRole(user),
                groups(user, gateway),
                pools,
                resources,
                truncated,
                truncatedTypes);
    }

    /** The gateway groups the user is a direct member of, with the sources that keep it there. */
    private List<Me.Group> groups(UserModel user, GatewayGroups gateway) {
        Map<String, List<Source>> sources =
                GatewayAccessStore.of(session).memberships().forUser(realm.getId(), user.getId()).stream()
                        .collect(Collectors.groupingBy(
                                GaMembershipEntity::getGroupId,
                                LinkedHashMap::new,
                                Collectors.mapping(GroupsResource::source, Collectors.toList())));
        List<Me.Group> groups = new ArrayList<>();
        user.getGroupsStream()
                .filter(g -> gateway.contains(g.getId()))
                .forEach((GroupModel g) -> groups.add(new Me.Group(
                        g.getId(),
                        ModelToRepresentation.buildGroupPath(g),
                        sources.getOrDefault(g.getId(), List.of()))));
        return groups;
    }
}
