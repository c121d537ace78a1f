package org.gatewayaccess.keycloak.rest;

import com.google.auto.service.AutoService;
import org.gatewayaccess.keycloak.events.ModelEventListener;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * The extension's entry point: serves {@code /realms/{realm}/gateway-access} and, once
 * Keycloak has started its providers, subscribes the model-level event listener.
 */
@AutoService(RealmResourceProviderFactory.class)
public final class GatewayAccessResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "gateway-access";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new GatewayAccessResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new ModelEventListener());
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
