package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links whose grants could not be written, kept on this node until a retry succeeds
 * ({@link LinkChanges#retryFailed}). A node that dies with entries here loses them;
 * {@code POST /sync} (or the periodic sync) recomputes every link-derived grant and so
 * repairs those too.
 */
final class LinkRepairQueue {

    record Entry(String realmId, String userId, String alias) {
    }

    private static final Set<Entry> PENDING = ConcurrentHashMap.newKeySet();

    private LinkRepairQueue() {
    }

    /** Returns true the first time an entry is queued, so that it is logged once. */
    static boolean add(Entry entry) {
        GatewayAccessMetrics.linkGrantFailed();
        return PENDING.add(entry);
    }

    static Set<Entry> pending() {
        return Set.copyOf(PENDING);
    }

    static void done(Entry entry) {
        if (PENDING.remove(entry)) {
            GatewayAccessMetrics.linkGrantRepaired();
        }
    }
}
