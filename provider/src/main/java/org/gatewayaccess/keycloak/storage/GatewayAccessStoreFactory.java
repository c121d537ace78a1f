package org.gatewayaccess.keycloak.storage;

import org.keycloak.provider.ProviderFactory;

/** Creates the {@link GatewayAccessStore} of a session. */
public interface GatewayAccessStoreFactory extends ProviderFactory<GatewayAccessStore> {}
