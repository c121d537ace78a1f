package org.gatewayaccess.keycloak.membership;

import org.keycloak.models.ModelException;

/**
 * A change that would leave the gateway without an enabled member of its admins group.
 * The extension's API answers 409 {@code last_admin}; a change made through Keycloak
 * itself (admin console, admin API) is refused the same way by the model listener.
 */
public final class LastAdminException extends ModelException {

    public LastAdminException(String message) {
        super(message);
    }
}
