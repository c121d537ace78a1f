package org.gatewayaccess.keycloak.cache;

import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;

/**
 * What a realm's cache on this node holds. Each kind has a Caffeine cache of its own per realm, with its own bound
 * and weigher, so a flood of one kind evicts only that kind of that realm; all kinds share the one mechanism of
 * {@link NodeCaches}: the realm's generation, the time-to-live and the cluster-wide invalidation.
 */
public enum CacheKind {

    /**
     * Access decisions ({@code /check}, {@code /me}) and other per-realm state every request reads and the same
     * invalidations cover (a user's principals, the realm's system groups). Bound: entries per realm, the option
     * {@code decision-cache-entries-per-realm}. Hits and misses are counted ({@code gateway_access_decision_cache}).
     */
    DECISIONS {
        @Override
        boolean weighed() {
            return false;
        }

        @Override
        void count(boolean hit) {
            GatewayAccessMetrics.decisionCache(hit);
        }
    },

    /**
     * The grant rows of recently asked resources ({@code authz/ResourceGrants}). Bound: principal rows per realm,
     * {@link NodeCaches#RESOURCE_GRANT_ROWS_PER_REALM}; each value is {@link Weighed} by its rows.
     */
    RESOURCE_GRANTS {
        @Override
        boolean weighed() {
            return true;
        }

        @Override
        void count(boolean hit) {
            // not counted: a miss here is a miss of DECISIONS first, already counted
        }
    };

    /** True: the bound counts the {@link Weighed#weight} of the values; false: it counts entries. */
    abstract boolean weighed();

    abstract void count(boolean hit);

    /** A value whose weight is not 1 (the bound of its kind counts weights, not entries). */
    public interface Weighed {
        int weight();
    }
}
