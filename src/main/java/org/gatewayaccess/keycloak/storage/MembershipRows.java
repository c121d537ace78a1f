package org.gatewayaccess.keycloak.storage;

/** The only reader and writer of {@code GA_MEMBERSHIP} the sources of every gateway-group membership: see {@link GatewayAccessStore}. */
public interface MembershipRows {
}
