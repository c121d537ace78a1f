package org.gatewayaccess.keycloak.cache;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;

/**
 * Links whose grants could not be written, kept on this node until a retry succeeds
 * ({@code pool/LinkChanges#retryFailed}). A node that dies with entries here loses them;
 * {@code POST /sync} (or the periodic sync) recomputes every link-derived grant and so
 * repairs those too. One per node, in its {@link NodeCaches}.
 */
public final class LinkRepairQueue {

    public record Entry(String realmId, String userId, String alias) {}

    private final Set<Entry> pending = ConcurrentHashMap.newKeySet();

    LinkRepairQueue() {}

    /** Returns true the first time an entry is queued, so that it is logged once. */
    public boolean add(Entry entry) {
        GatewayAccessMetrics.linkGrantFailed();
        return pending.add(entry);
    }

    public Set<Entry> pending() {
        return Set.copyOf(pending);
    }

    public void done(Entry entry) {
        if (pending.remove(entry)) {
            GatewayAccessMetrics.linkGrantRepaired();
        }
    }
}
