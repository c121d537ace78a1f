package org.gatewayaccess.it.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the end of the Keycloak server log when a test fails, so a CI log alone explains the failure. */
public final class ServerLogOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (KeycloakServer.started()) {
            KeycloakServer server = KeycloakServer.shared();
            System.err.println("==== last 150 lines of " + server.logFile() + " after " + context.getDisplayName()
                    + " failed ====");
            System.err.println(KeycloakServer.tail(server.logFile(), 150));
        }
    }
}
