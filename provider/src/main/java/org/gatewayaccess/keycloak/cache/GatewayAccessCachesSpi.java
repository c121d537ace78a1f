package org.gatewayaccess.keycloak.cache;

import com.google.auto.service.AutoService;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The extension's own SPI for what a node remembers between requests: {@link GatewayAccessCaches}. Internal. */
@AutoService(Spi.class)
public final class GatewayAccessCachesSpi implements Spi {

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return "gateway-access-caches";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return GatewayAccessCaches.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return GatewayAccessCachesFactory.class;
    }
}
