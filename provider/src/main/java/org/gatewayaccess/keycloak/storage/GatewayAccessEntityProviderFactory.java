package org.gatewayaccess.keycloak.storage;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

@AutoService(JpaEntityProviderFactory.class)
public final class GatewayAccessEntityProviderFactory implements JpaEntityProviderFactory {

    /**
     * Keycloak names the changelog table after the first ten letters of this id
     * (DATABASECHANGELOG_GATEWAYACC): they must not collide with another extension's.
     */
    public static final String ID = "gatewayaccess-entities";

    private static final GatewayAccessEntityProvider PROVIDER = new GatewayAccessEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
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
