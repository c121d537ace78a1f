package org.gatewayaccess.keycloak.cache;

import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.cache.infinispan.events.CacheKeyInvalidatedEvent;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Tells the other nodes of a cluster that a realm's cached values are stale, and listens for what they tell: Keycloak's
 * {@link ClusterProvider}, the channel Keycloak's own realm and user caches use, with one
 * {@link CacheKeyInvalidatedEvent} per realm id.
 */
final class ClusterInvalidation {

    /** The event key; unchanged since it was the decision cache's own, so nodes of different versions understand each other. */
    static final String CLUSTER_EVENT_KEY = "gateway-access-decisions";

    private static final Logger LOG = Logger.getLogger(ClusterInvalidation.class);

    /** Listens for other nodes' invalidations; called once at start-up. */
    void listen(KeycloakSessionFactory factory, NodeCaches node) {
        KeycloakModelUtils.runJobInTransaction(
                factory,
                session -> session.getProvider(ClusterProvider.class).registerListener(CLUSTER_EVENT_KEY, event -> {
                    if (event instanceof CacheKeyInvalidatedEvent e) {
                        node.forgetLocally(e.getId());
                    }
                }));
    }

    void notifyOthers(KeycloakSessionFactory factory, Set<String> realmIds) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                ClusterProvider cluster = s.getProvider(ClusterProvider.class);
                for (String realmId : realmIds) {
                    cluster.notify(
                            CLUSTER_EVENT_KEY,
                            new CacheKeyInvalidatedEvent(realmId),
                            true,
                            ClusterProvider.DCNotify.ALL_DCS);
                }
            });
        } catch (RuntimeException e) {
            // the other nodes still forget it within NodeCaches.TTL_MILLIS
            LOG.warnf(e, "Could not tell the other nodes to forget cached decisions of realms %s", realmIds);
        }
    }
}
