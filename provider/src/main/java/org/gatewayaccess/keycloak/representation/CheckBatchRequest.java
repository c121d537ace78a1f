package org.gatewayaccess.keycloak.representation;

import java.util.List;

/**
 * {@code POST /check/batch}'s body: up to 1000 checks, answered in order. The server reads every check before it
 * authorizes any, so a malformed check is a 400 even after one the caller may not ask.
 */
public record CheckBatchRequest(List<CheckRequest> checks) {}
