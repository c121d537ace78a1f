package org.gatewayaccess.keycloak.events;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Global: every realm's events reach it without adding it to the realm's event listeners. */
@AutoService(EventListenerProviderFactory.class)
public final class UserEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "gateway-access";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new UserEventListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}
