package org.gatewayaccess.keycloak.authz;

import java.util.List;
import java.util.Optional;
import org.gatewayaccess.keycloak.cache.CacheKind;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.cache.NodeCaches;
import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.gatewayaccess.keycloak.model.Permission;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Answers "may user U do P on resource R?" from grant rows: the user's own grants and those
 * of its groups, where a higher permission implies the lower ones. Both halves of an answer
 * (the user's principals, and the highest permission they hold on R) come from the node's
 * caches ({@link NodeCaches}, {@link CacheKind#DECISIONS}); a miss of the second is answered from the node's copy of the resource's grant rows
 * ({@link ResourceGrants}), which costs one indexed query per resource (not per user).
 */
public final class AccessDecisions {

    private record PrincipalsKey(String realmId, String userId) {}

    private record HeldKey(String realmId, String userId, String type, String resourceId) {}

    private final KeycloakSession session;
    private final RealmModel realm;
    private final NodeCaches caches;
    private final ResourceGrants resourceGrants;
    private GrantQueries queries;

    public AccessDecisions(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.caches = GatewayAccessCaches.of(session).node();
        this.resourceGrants = new ResourceGrants(caches);
    }

    /** Made on first use: an answer from the cache needs no entity manager at all. */
    private GrantQueries queries() {
        if (queries == null) {
            queries = new GrantQueries(session);
        }
        return queries;
    }

    public boolean allowed(String userId, String type, String resourceId, Permission wanted) {
        boolean allowed = held(principals(userId), type, resourceId)
                .map(p -> p.implies(wanted))
                .orElse(false);
        GatewayAccessMetrics.check(allowed);
        return allowed;
    }

    /** The highest permission the user holds on the resource; empty for an inactive user. */
    public Optional<Permission> held(UserPrincipals who, String type, String resourceId) {
        if (!who.active()) {
            return Optional.empty();
        }
        String realmId = realm.getId();
        // a miss is worked out from this node's copy of the resource's grant rows (ResourceGrants), one query per
        // resource
        return caches.get(
                CacheKind.DECISIONS,
                realmId,
                new HeldKey(realmId, who.userId(), type, resourceId),
                () -> resourceGrants.highest(
                        realmId,
                        who,
                        type,
                        resourceId,
                        () -> queries().rowsOf(realmId, type, resourceId, ResourceGrants.MAX_ROWS_PER_RESOURCE + 1),
                        () -> queries().highest(realmId, who, type, resourceId)));
    }

    public UserPrincipals principals(String userId) {
        return caches.get(
                CacheKind.DECISIONS,
                realm.getId(),
                new PrincipalsKey(realm.getId(), userId),
                () -> UserPrincipals.load(session, realm, userId));
    }

    /** Not cached: the caller's own view of itself ({@code GET /me}) is always read fresh. */
    public UserPrincipals principals(UserModel user) {
        return UserPrincipals.of(session, realm, user);
    }

    /** The types the user holds something on, in name order, at most {@code max}. */
    public List<String> typesHeld(UserPrincipals who, int max) {
        return who.active() ? queries().typesHeld(realm.getId(), who, max) : List.of();
    }

    /**
     * The highest permission the user holds on each of the first ids (in id order) of a type it holds something on,
     * at most {@code max} ids; one more entry than {@code max} means there are more.
     */
    public java.util.SortedMap<String, Permission> heldOfType(UserPrincipals who, String type, int max) {
        java.util.SortedMap<String, Permission> highest = new java.util.TreeMap<>();
        if (!who.active()) {
            return highest;
        }
        // each id has at most one row per permission: (max + 1) ids fit in this many rows
        int rows = (max + 1) * Permission.values().length;
        for (Object[] row : queries().heldOfType(realm.getId(), who, type, rows)) {
            Permission p = Permission.fromWire((String) row[1]).orElse(null);
            if (p != null) {
                highest.merge((String) row[0], p, (a, b) -> a.implies(b) ? a : b);
            }
        }
        while (highest.size() > max + 1) {
            highest.remove(highest.lastKey());
        }
        return highest;
    }

    /** A page of ids of a type the user holds at least {@code least} on. */
    public List<String> idsHeld(UserPrincipals who, String type, Permission least, String after, int first, int max) {
        return who.active() ? queries().idsHeld(realm.getId(), who, type, least, after, first, max) : List.of();
    }

    /** A page of every registered id of a type. */
    public List<String> idsRegistered(String type, String after, int first, int max) {
        return queries().idsRegistered(realm.getId(), type, after, first, max);
    }
}
