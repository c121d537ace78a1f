package org.gatewayaccess.keycloak.cache;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * This node's caches as one session sees them: reads go to the node's {@link NodeCaches}; an invalidation waits for
 * the session's transaction to commit (nothing to forget if it rolls back) and then reaches every node. Reached
 * through {@code GatewayAccessCaches.of(session)}, as Keycloak's own providers are.
 */
public final class GatewayAccessCaches implements Provider {

    private static final String PENDING_REALMS = GatewayAccessCaches.class.getName() + ".pendingRealms";

    private final KeycloakSession session;
    private final NodeCaches node;
    private final ClusterInvalidation cluster;

    GatewayAccessCaches(KeycloakSession session, NodeCaches node, ClusterInvalidation cluster) {
        this.session = session;
        this.node = node;
        this.cluster = cluster;
    }

    /** The caches of this session's node. */
    public static GatewayAccessCaches of(KeycloakSession session) {
        return session.getProvider(GatewayAccessCaches.class);
    }

    /** The node's caches themselves, for a class that reads them many times per request. */
    public NodeCaches node() {
        return node;
    }

    /** {@link NodeCaches#get}. */
    public <T> T get(CacheKind kind, String realmId, Object key, Supplier<T> loader) {
        return node.get(kind, realmId, key, loader);
    }

    /** {@link NodeCaches#generation}. */
    public long generation(String realmId) {
        return node.generation(realmId);
    }

    /** Links whose grants could not be written, kept on this node until a retry succeeds. */
    public LinkRepairQueue linkRepairs() {
        return node.linkRepairs();
    }

    /**
     * Forgets the realm's cached values on every node once the session's transaction has committed (nothing to
     * forget if it rolls back). Cheap to call many times per transaction.
     */
    public void invalidate(String realmId) {
        @SuppressWarnings("unchecked")
        Set<String> realms = (Set<String>) session.getAttribute(PENDING_REALMS);
        if (realms == null) {
            realms = new HashSet<>();
            session.setAttribute(PENDING_REALMS, realms);
            Set<String> toNotify = realms;
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    for (String realm : toNotify) {
                        node.forgetLocally(realm);
                    }
                    cluster.notifyOthers(session.getKeycloakSessionFactory(), toNotify);
                }

                @Override
                protected void rollbackImpl() {
                    // nothing was changed
                }
            });
        }
        realms.add(realmId);
        // a reader in this very transaction must not cache what it is about to change
        node.forgetLocally(realmId);
    }

    @Override
    public void close() {}
}
