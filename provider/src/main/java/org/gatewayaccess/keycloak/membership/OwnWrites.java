package org.gatewayaccess.keycloak.membership;

import org.keycloak.models.KeycloakSession;

/**
 * Marks group joins and leaves the extension makes itself, so that the model listener
 * does not mistake them for an admin's change in the admin console (which would add an
 * {@code admin} source, or drop every source).
 */
final class OwnWrites {

    private static final String ATTRIBUTE = "gateway-access.own-membership-write";

    private OwnWrites() {}

    static void run(KeycloakSession session, Runnable write) {
        Object previous = session.getAttribute(ATTRIBUTE);
        session.setAttribute(ATTRIBUTE, Boolean.TRUE);
        try {
            write.run();
        } finally {
            if (previous == null) {
                session.removeAttribute(ATTRIBUTE);
            }
        }
    }

    static boolean inProgress(KeycloakSession session) {
        return session.getAttribute(ATTRIBUTE) != null;
    }
}
