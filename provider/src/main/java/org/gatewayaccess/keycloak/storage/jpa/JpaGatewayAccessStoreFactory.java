package org.gatewayaccess.keycloak.storage.jpa;

import com.google.auto.service.AutoService;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.GatewayAccessStoreFactory;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Wires the JPA store to the session's entity manager (the request's transaction). */
@AutoService(GatewayAccessStoreFactory.class)
public final class JpaGatewayAccessStoreFactory implements GatewayAccessStoreFactory {

    public static final String ID = "jpa";

    @Override
    public GatewayAccessStore create(KeycloakSession session) {
        return new JpaGatewayAccessStore(
                session, session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }
}
