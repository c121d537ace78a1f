package org.gatewayaccess.keycloak.representation;

import java.util.List;

/** {@code POST /check/batch}'s answer: one result per check, in the order asked. */
public record CheckBatchAnswer(List<CheckAnswer> results) {}
