package org.gatewayaccess.keycloak.pool;

import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * A pool written or deleted ({@code pool} null), published to Keycloak's provider-event listeners in the same thread and
 * transaction, so that what mirrors pools elsewhere (the admin console's pools page) follows at once — without the pool
 * layer knowing those mirrors.
 */
public record PoolChangedEvent(KeycloakSession session, RealmModel realm, String poolId, GaPoolEntity pool)
        implements ProviderEvent {

    /** To the listeners of the session's factory, in the session's thread (and so its transaction). */
    void publish() {
        session.getKeycloakSessionFactory().publish(this);
    }
}
