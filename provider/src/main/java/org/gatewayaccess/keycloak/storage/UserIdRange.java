package org.gatewayaccess.keycloak.storage;

/** A user-id range (from exclusive, to inclusive) for paged set-based work. */
public record UserIdRange(String fromExclusive, String toInclusive) {}
