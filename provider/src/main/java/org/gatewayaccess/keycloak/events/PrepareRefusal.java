package org.gatewayaccess.keycloak.events;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.services.ErrorResponseException;

/**
 * A refusal decided while an admin-event listener runs, carried to the request's commit: Keycloak swallows what such a
 * listener throws, so this transaction, enlisted to prepare, throws it before the database commit instead. Keycloak
 * then rolls the whole request back and sends the refusal's response as it is.
 */
final class PrepareRefusal extends AbstractKeycloakTransaction {

    private final ErrorResponseException refusal;

    PrepareRefusal(ErrorResponseException refusal) {
        this.refusal = refusal;
    }

    @Override
    protected void commitImpl() {
        throw refusal;
    }

    @Override
    protected void rollbackImpl() {
        // nothing of its own: the request's writes roll back with it
    }
}
