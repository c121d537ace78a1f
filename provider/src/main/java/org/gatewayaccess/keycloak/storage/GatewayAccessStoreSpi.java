package org.gatewayaccess.keycloak.storage;

import com.google.auto.service.AutoService;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The extension's own SPI: its persistence, {@link GatewayAccessStore}. Internal: only this JAR implements it. */
@AutoService(Spi.class)
public final class GatewayAccessStoreSpi implements Spi {

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return "gateway-access-store";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return GatewayAccessStore.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return GatewayAccessStoreFactory.class;
    }
}
