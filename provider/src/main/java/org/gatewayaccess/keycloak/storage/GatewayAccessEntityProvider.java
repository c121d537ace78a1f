package org.gatewayaccess.keycloak.storage;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Hands Keycloak the extension's entities and the Liquibase changelog that creates their tables. */
public final class GatewayAccessEntityProvider implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/gateway-access/changelog-master.xml";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(
                GaPoolEntity.class,
                GaGrantEntity.class,
                GaMembershipEntity.class,
                GaRealmStateEntity.class,
                GaPendingUserEntity.class,
                GaResourceEntity.class,
                GaJobEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return GatewayAccessEntityProviderFactory.ID;
    }

    @Override
    public void close() {}
}
