package org.gatewayaccess.keycloak.cache;

import com.google.auto.service.AutoService;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;

/**
 * Makes this node's {@link NodeCaches} at start-up, listens for the other nodes' invalidations, and empties the caches
 * when Keycloak stops.
 *
 * <p>Its option keeps the name operators know, in the extension's REST scope:
 * {@code --spi-realm-restapi-extension--gateway-access--decision-cache-entries-per-realm} (default
 * {@value NodeCaches#DEFAULT_DECISION_ENTRIES_PER_REALM}), so {@link #init} reads that scope rather than the one
 * Keycloak hands this internal SPI.
 */
@AutoService(GatewayAccessCachesFactory.class)
public final class DefaultGatewayAccessCachesFactory implements GatewayAccessCachesFactory {

    public static final String ID = "default";
    /** The scope of the options: the REST extension's ({@code rest/GatewayAccessResourceProviderFactory}). */
    static final String OPTIONS_SPI = "realm-restapi-extension";

    static final String OPTIONS_PROVIDER = "gateway-access";

    private final ClusterInvalidation cluster = new ClusterInvalidation();
    private NodeCaches node;

    @Override
    public void init(Config.Scope ownScope) {
        configure(Config.scope(OPTIONS_SPI, OPTIONS_PROVIDER));
    }

    /** Makes the caches from the extension's options (separate from {@link #init} for tests). */
    void configure(Config.Scope options) {
        node = new NodeCaches(
                options.getInt("decisionCacheEntriesPerRealm", NodeCaches.DEFAULT_DECISION_ENTRIES_PER_REALM));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        cluster.listen(factory, node);
    }

    @Override
    public GatewayAccessCaches create(KeycloakSession session) {
        return new GatewayAccessCaches(session, node, cluster);
    }

    @Override
    public NodeCaches node() {
        return node;
    }

    /**
     * {@link #postInit} registers a cluster listener: on a clustered node (jdbc-ping) that can start Infinispan, whose
     * JDBC discovery asks for a JPA connection, so Keycloak's JPA, Infinispan and cluster factories come first (without
     * this, start-up failed with "emf is null" on the second node of TwoNodeClusterIT).
     */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, InfinispanConnectionProvider.class, ClusterProvider.class);
    }

    @Override
    public void close() {
        if (node != null) {
            node.clear();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
