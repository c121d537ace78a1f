package org.gatewayaccess.keycloak.rest;

import com.google.auto.service.AutoService;
import java.util.Set;
import org.gatewayaccess.keycloak.auth.VerifiedTokens;
import org.gatewayaccess.keycloak.cache.GatewayAccessCaches;
import org.gatewayaccess.keycloak.cache.NodeCaches;
import org.gatewayaccess.keycloak.events.ModelEventListener;
import org.gatewayaccess.keycloak.metrics.CheckRequestTimers;
import org.gatewayaccess.keycloak.pool.LinkChanges;
import org.gatewayaccess.keycloak.sync.PeriodicSync;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The extension's entry point: serves {@code /realms/{realm}/gateway-access} and, once
 * Keycloak has started its providers, subscribes the model-level event listener and
 * schedules the link-grant retries and the optional periodic sync. Options (Keycloak
 * syntax): {@code --spi-realm-restapi-extension--gateway-access--repair-interval-seconds}
 * (default 30), {@code ...--sync-interval-seconds} (default 0, off),
 * {@code ...--max-resources-per-user} (default 10000, 0: no quota) and
 * {@code ...--decision-cache-entries-per-realm} (default {@value NodeCaches#DEFAULT_DECISION_ENTRIES_PER_REALM}; read by
 * the factory of {@link GatewayAccessCaches}, which owns the node's caches) and {@code ...--authentication-cache-seconds}
 * (default 10, 0: off; {@link VerifiedTokens}), {@code ...--check-metrics-slos} (default
 * {@value CheckRequestTimers#DEFAULT_CHECK_SLOS}, milliseconds) and {@code ...--check-metrics-histograms-enabled}
 * (default false), the buckets of {@code gateway_access_check_requests_seconds}.
 *
 * <p>What a node keeps for its requests ({@link NodeState}) is made here in {@link #init} from those options, handed to
 * each request's resource, and released in {@link #close}: no static state.
 */
@AutoService(RealmResourceProviderFactory.class)
public final class GatewayAccessResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "gateway-access";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new GatewayAccessResource(session, node);
            }

            @Override
            public void close() {}
        };
    }

    /** Seconds between retries of link grants that could not be written (0: no retries; POST /sync still repairs). */
    private int repairIntervalSeconds;
    /** Seconds between periodic syncs of every realm with pools (0, the default: off). */
    private int syncIntervalSeconds;
    /** Registered resources one user may hold ({@code PUT /resources/{type}/{id}}); 0: no quota. */
    public static final int DEFAULT_MAX_RESOURCES_PER_USER = 10_000;
    /** Made in {@link #init}, released in {@link #close}. */
    private NodeState node;

    @Override
    public void init(Config.Scope config) {
        repairIntervalSeconds = config.getInt("repairIntervalSeconds", 30);
        syncIntervalSeconds = config.getInt("syncIntervalSeconds", 0);
        int maxResourcesPerUser = config.getInt("maxResourcesPerUser", DEFAULT_MAX_RESOURCES_PER_USER);
        if (maxResourcesPerUser < 0) {
            throw new IllegalArgumentException(
                    "max-resources-per-user must be 0 (no quota) or more, not " + maxResourcesPerUser);
        }
        node = new NodeState(
                new VerifiedTokens(config.getInt("authenticationCacheSeconds", VerifiedTokens.DEFAULT_WINDOW_SECONDS)),
                new ConsoleAssets(),
                new CheckRequestTimers(
                        config.getBoolean("checkMetricsHistogramsEnabled", false),
                        config.get("checkMetricsSlos", CheckRequestTimers.DEFAULT_CHECK_SLOS)),
                maxResourcesPerUser);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new ModelEventListener());
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            if (repairIntervalSeconds > 0) {
                timer.schedule(
                        () -> LinkChanges.of(factory).retryFailed(),
                        repairIntervalSeconds * 1000L,
                        "gateway-access-link-repair");
            }
            if (syncIntervalSeconds > 0) {
                timer.schedule(
                        new ClusterAwareScheduledTaskRunner(
                                factory, new PeriodicSync(syncIntervalSeconds * 1000L), syncIntervalSeconds * 1000L),
                        syncIntervalSeconds * 1000L,
                        PeriodicSync.TASK_NAME);
            }
        });
    }

    /**
     * {@link #postInit} opens a session and schedules timers, and the link retries use the node's caches, so the
     * factories behind those must have finished their own postInit first. Without this, Keycloak orders postInit calls
     * arbitrarily (the order shifts when a provider JAR changes), and on a clustered node (jdbc-ping) opening a session
     * could start Infinispan, whose JDBC discovery asks for a JPA connection before Keycloak's JPA factory had created
     * its EntityManagerFactory: start-up failed with "emf is null" (seen on the second node of TwoNodeClusterIT).
     */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(
                JpaConnectionProvider.class,
                InfinispanConnectionProvider.class,
                ClusterProvider.class,
                TimerProvider.class,
                GatewayAccessCaches.class);
    }

    @Override
    public void close() {
        if (node != null) {
            node.verifiedTokens().clear();
            node.consoleAssets().clear();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
