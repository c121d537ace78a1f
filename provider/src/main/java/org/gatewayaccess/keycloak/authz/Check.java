package org.gatewayaccess.keycloak.authz;

import org.gatewayaccess.keycloak.model.Permission;

/**
 * One question "may user U do P on resource (type, id)?", as {@code POST /check}, {@code POST /check/batch} and the
 * AuthZEN evaluations ask it once their bodies are read strictly ({@code rest/RequestBodies}, {@code rest/AuthZenBodies}).
 *
 * @param userId null: the caller
 */
public record Check(String userId, String resourceType, String resourceId, Permission permission) {}
