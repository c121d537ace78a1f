package org.gatewayaccess.keycloak.membership;

import org.keycloak.models.KeycloakSession;

/**
 * Marks group joins and leaves the extension makes itself, so that the model listener
 * does not mistake them for an admin's change in the admin console (which would add an
 * {@code admin} source, or drop every source).
 */
final class OwnWrites {

    private static final String ATTRIBUTE = "gateway-access.own-membership-write";

    private final KeycloakSession session;

    private OwnWrites(KeycloakSession session) {
        this.session = session;
    }

    /** The extension's own membership writes in this session. */
    static OwnWrites of(KeycloakSession session) {
        return new OwnWrites(session);
    }

    void run(Runnable write) {
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

    boolean inProgress() {
        return session.getAttribute(ATTRIBUTE) != null;
    }
}
