package org.gatewayaccess.keycloak.realm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Background work of a realm goes through {@link RealmTransactions}, which binds the realm to the new session (issue
 * 15: Keycloak's user lookups, organizations and identity providers read it from the context). Only work that
 * belongs to no realm may open a transaction with Keycloak's own helper; a new call site must choose.
 */
class RealmTransactionsTest {

    private static final Path SOURCES = Path.of("src", "main", "java");

    /** File → number of direct KeycloakModelUtils.runJobInTransaction* calls, each realm-less. */
    private static final Map<String, Integer> REALM_LESS = Map.of(
            "org/gatewayaccess/keycloak/realm/RealmTransactions.java", 1, // the helper itself
            "org/gatewayaccess/keycloak/rest/GatewayAccessResourceProviderFactory.java", 1, // schedules the timers
            "org/gatewayaccess/keycloak/cache/ClusterInvalidation.java", 2, // cluster listener, cluster notification
            "org/gatewayaccess/keycloak/events/ModelEventListener.java", 1, // lists the realms at start-up
            "org/gatewayaccess/keycloak/sync/JobRunner.java", 1); // orphaned jobs of every realm at start-up

    @Test
    void onlyRealmLessWorkOpensATransactionWithoutRealmTransactions() throws IOException {
        Map<String, Integer> found = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
        for (Path file : files) {
            String text = Files.readString(file);
            int count = 0;
            for (int i = text.indexOf("KeycloakModelUtils.runJobInTransaction");
                    i >= 0;
                    i = text.indexOf("KeycloakModelUtils.runJobInTransaction", i + 1)) {
                count++;
            }
            if (count > 0) {
                found.put(SOURCES.relativize(file).toString().replace('\\', '/'), count);
            }
        }
        assertEquals(
                new TreeMap<>(REALM_LESS),
                found,
                "work of a realm runs in RealmTransactions.run/runWithResult (the realm bound to the session)");
    }
}
