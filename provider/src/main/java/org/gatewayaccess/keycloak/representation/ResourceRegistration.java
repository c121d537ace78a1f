package org.gatewayaccess.keycloak.representation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code PUT /resources/{type}/{id}}'s optional body: at most the fields of a {@link RegisteredResource}, so that a
 * {@code GET} result can be sent back. Their values are not used, so any JSON value is accepted in each (hence
 * {@link JsonNode}); a field that is not one of these is refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceRegistration(
        JsonNode type, JsonNode id, JsonNode createdBy, JsonNode createdAt, JsonNode permissions) {}
