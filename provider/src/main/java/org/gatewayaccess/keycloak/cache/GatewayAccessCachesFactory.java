package org.gatewayaccess.keycloak.cache;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/** Owns this node's {@link NodeCaches} and hands them to each session's {@link GatewayAccessCaches}. */
public interface GatewayAccessCachesFactory extends ProviderFactory<GatewayAccessCaches> {

    /** This node's caches, for work that runs on the session factory without a session of its own (timers, jobs). */
    NodeCaches node();

    /** This node's caches, from the factory that owns them. */
    static NodeCaches node(KeycloakSessionFactory factory) {
        return ((GatewayAccessCachesFactory) factory.getProviderFactory(GatewayAccessCaches.class)).node();
    }
}
