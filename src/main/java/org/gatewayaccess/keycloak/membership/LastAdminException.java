package org.gatewayaccess.keycloak.membership;

import org.keycloak.models.ModelException;

/**
 * A change that would leave the gateway without a member of its admins group. A
 * {@link ModelException}, so that when the change came through Keycloak's own admin API
 * (the admin console) Keycloak refuses it with a 400 and rolls it back; the extension's
 * API answers 409 {@code last_admin}.
 */
public final class LastAdminException extends ModelException {

    public LastAdminException(String message) {
        super(message);
    }
}
