package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_POOL} the pools: see {@link GatewayAccessStore}. */
public interface PoolRows {
}
