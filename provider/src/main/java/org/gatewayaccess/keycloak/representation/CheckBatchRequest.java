package org.gatewayaccess.keycloak.representation;

import java.util.List;

/** {@code POST /check/batch}'s body: up to 1000 checks, answered in order. */
public record CheckBatchRequest(List<CheckRequest> checks) {}
