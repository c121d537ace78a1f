package org.gatewayaccess.keycloak.authz;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.gatewayaccess.keycloak.cache.CacheKind;
import org.gatewayaccess.keycloak.cache.NodeCaches;
import org.gatewayaccess.keycloak.model.Permission;

/**
 * This node's copy of the grant rows of recently asked resources, so that a decision the node's cache does not
 * hold yet (a user not asked about this resource before) is worked out in memory instead of by a query.
 *
 * <p>It is kept by the same mechanism as the decisions, in {@link NodeCaches} as {@link CacheKind#RESOURCE_GRANTS}: an
 * entry carries the realm's {@link NodeCaches#generation} read before its rows were loaded and is served only under
 * that generation and for at most {@link NodeCaches#TTL_MILLIS}; every change that invalidates decisions (grant rows
 * above all) moves the generation here and, by cluster event, on every node. So it is never staler than a cached
 * decision.
 *
 * <p>Bound: each realm's copy holds at most {@value #MAX_ROWS_PER_REALM} principal rows in all (Caffeine, weighed by
 * rows: an entry weighs its rows + 1), and a resource with more than {@value #MAX_ROWS_PER_RESOURCE} distinct
 * (principal, permission) rows is not copied (remembered only as "too many": its decisions are one query each, as
 * before). A row is a principal id and a permission: about 150 bytes, so at most about 15 MB per realm.
 */
final class ResourceGrants {

    static final int MAX_ROWS_PER_RESOURCE = 1_000;
    static final int MAX_ROWS_PER_REALM = NodeCaches.RESOURCE_GRANT_ROWS_PER_REALM;

    private record Key(String type, String resourceId) {}

    /** The highest permission each principal holds directly on the resource; null maps: too many rows to copy. */
    record Rows(Map<String, Permission> users, Map<String, Permission> groups) implements CacheKind.Weighed {

        static final Rows TOO_MANY = new Rows(null, null);

        @Override
        public int weight() {
            return this == TOO_MANY ? 1 : 1 + users.size() + groups.size();
        }

        Optional<Permission> highest(UserPrincipals who) {
            Permission best = users.get(who.userId());
            if (!groups.isEmpty()) {
                for (String g : who.groupIds()) {
                    Permission p = groups.get(g);
                    if (p != null && (best == null || p.implies(best))) {
                        best = p;
                    }
                }
            }
            return Optional.ofNullable(best);
        }
    }

    private final NodeCaches caches;

    ResourceGrants(NodeCaches caches) {
        this.caches = caches;
    }

    /**
     * The highest permission the principals hold on the resource, from the copy of its rows (loaded by {@code rows} on a
     * miss), or from {@code query} when the resource has too many rows to copy.
     */
    Optional<Permission> highest(
            String realmId,
            UserPrincipals who,
            String type,
            String resourceId,
            Supplier<List<Object[]>> rows,
            Supplier<Optional<Permission>> query) {
        Rows copy = caches.get(CacheKind.RESOURCE_GRANTS, realmId, new Key(type, resourceId), () -> copy(rows.get()));
        return copy == Rows.TOO_MANY ? query.get() : copy.highest(who);
    }

    /** (principalType, principalId, permission) rows, at most {@link #MAX_ROWS_PER_RESOURCE} + 1 of them. */
    static Rows copy(List<Object[]> rows) {
        if (rows.size() > MAX_ROWS_PER_RESOURCE) {
            return Rows.TOO_MANY;
        }
        Map<String, Permission> users = new HashMap<>();
        Map<String, Permission> groups = new HashMap<>();
        for (Object[] row : rows) {
            Permission p = Permission.fromWire((String) row[2]).orElse(null);
            Map<String, Permission> into = "user".equals(row[0]) ? users : "group".equals(row[0]) ? groups : null;
            if (p != null && into != null) {
                into.merge((String) row[1], p, (a, b) -> a.implies(b) ? a : b);
            }
        }
        return new Rows(Map.copyOf(users), Map.copyOf(groups));
    }

    /** Weighed entries of the realm's copy on this node (for tests). */
    long weight(String realmId) {
        return caches.weight(CacheKind.RESOURCE_GRANTS, realmId);
    }
}
