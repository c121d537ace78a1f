package org.gatewayaccess.keycloak.representation;

/**
 * The contract's error body, of every 4xx and 5xx the extension answers.
 *
 * @param error a stable code for programs ({@code invalid_type}, {@code forbidden}, …)
 * @param errorMessage a sentence for people
 */
public record ErrorBody(String error, String errorMessage) {}
