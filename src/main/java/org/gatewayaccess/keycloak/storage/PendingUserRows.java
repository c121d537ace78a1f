package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_PENDING_USER} users waiting for approval: see {@link GatewayAccessStore}. */
public interface PendingUserRows {
}
