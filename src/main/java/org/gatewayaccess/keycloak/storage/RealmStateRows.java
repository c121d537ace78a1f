package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_REALM_STATE} one row per realm: see {@link GatewayAccessStore}. */
public interface RealmStateRows {
}
