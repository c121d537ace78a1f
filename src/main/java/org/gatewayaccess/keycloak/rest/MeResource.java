package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gatewayaccess.keycloak.auth.Caller;
import org.gatewayaccess.keycloak.authz.AccessDecisions;
import org.gatewayaccess.keycloak.authz.UserPrincipals;
import org.gatewayaccess.keycloak.gatewayrole.GatewayRoleService;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.pool.PoolGrantService;
import org.gatewayaccess.keycloak.pool.PoolService;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code GET /me}: the caller's gateway role, gateway groups (with sources), the pools it
 * holds a permission on and its grants by resource type — read fresh from the database.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class MeResource {

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

    private Map<String, Object> describe(Caller caller) {
        if (!caller.ownRealm()) {
            throw GatewayAccessException.badRequest("not_a_realm_user",
                "GET /me describes a user of this realm; a master-realm admin has no access of its own here.");
        }
        UserModel user = caller.user();
        GatewayGroups gateway = GatewayGroups.of(session, realm).orElseThrow();
        AccessDecisions decisions = new AccessDecisions(session, realm);
        UserPrincipals who = decisions.principals(user);

        // permissions held, per type and id, with every implied lower permission spelt out
        Map<String, Map<String, Permission>> highest = new TreeMap<>();
        for (Object[] row : decisions.everything(who)) {
            Permission p = Permission.fromWire((String) row[2]).orElse(null);
            if (p != null) {
                highest.computeIfAbsent((String) row[0], t -> new TreeMap<>()).merge((String) row[1], p, (a, b) -> a.implies(b) ? a : b);
            }
        }
        Map<String, Permission> poolPermissions = highest.getOrDefault(PoolGrantService.POOL, Map.of());
        List<Map<String, Object>> pools = new ArrayList<>();
        PoolService poolService = new PoolService(session, realm);
        for (GaPoolEntity pool : poolService.list()) {
            Permission p = poolPermissions.get(pool.getId());
            if (p != null) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", pool.getId());
                json.put("name", pool.getName());
                json.put("permissions", p.withImplied());
                pools.add(json);
            }
        }
        Map<String, Map<String, List<String>>> resources = new TreeMap<>();
        highest.forEach((type, ids) -> {
            if (!PoolGrantService.POOL.equals(type)) {
                Map<String, List<String>> byId = new TreeMap<>();
                ids.forEach((id, p) -> byId.put(id, p.withImplied()));
                resources.put(type, byId);
            }
        });

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("userId", user.getId());
        json.put("username", user.getUsername());
        json.put("gatewayRole", new GatewayRoleService(session, realm, gateway).currentRole(user));
        json.put("groups", groups(user, gateway));
        json.put("pools", pools);
        json.put("resources", resources);
        return json;
    }

    /** The gateway groups the user is a direct member of, with the sources that keep it there. */
    private List<Map<String, Object>> groups(UserModel user, GatewayGroups gateway) {
        Map<String, List<Map<String, Object>>> sources = session.getProvider(JpaConnectionProvider.class).getEntityManager()
            .createQuery("select m from GaMembershipEntity m where m.realmId = :realmId and m.userId = :userId"
                + " order by m.grantedAt, m.source", GaMembershipEntity.class)
            .setParameter("realmId", realm.getId()).setParameter("userId", user.getId())
            .getResultStream()
            .collect(Collectors.groupingBy(GaMembershipEntity::getGroupId, LinkedHashMap::new,
                Collectors.mapping(GroupsResource::source, Collectors.toList())));
        List<Map<String, Object>> groups = new ArrayList<>();
        user.getGroupsStream().filter(g -> gateway.contains(g.getId())).forEach((GroupModel g) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", g.getId());
            json.put("path", ModelToRepresentation.buildGroupPath(g));
            json.put("sources", sources.getOrDefault(g.getId(), List.of()));
            groups.add(json);
        });
        return groups;
    }
}
