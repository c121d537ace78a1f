package org.gatewayaccess.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.gatewayaccess.it.support.GatewayRealm;
import org.gatewayaccess.it.support.KeycloakCluster;
import org.gatewayaccess.it.support.Poll;
import org.gatewayaccess.it.support.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The periodic sync on two nodes of one cluster (see {@link KeycloakCluster}), each with the same
 * {@code sync-interval-seconds}: each node's timer fires every interval, and Keycloak's cluster-aware
 * runner only keeps the two from running at the same moment, so without the extension's own check
 * the realm would be synced twice per interval. Runs in the {@code it-cluster} execution, with a
 * cluster of its own (the other cluster test's sync assertions must not meet scheduled jobs).
 */
@EnabledIfSystemProperty(
        named = "it.cluster",
        matches = "true",
        disabledReason = "runs in the it-cluster execution only")
class PeriodicSyncClusterIT {

    private static final int INTERVAL_SECONDS = 3;
    /** Rounds to watch: enough for both nodes' timers to have fired several times. */
    private static final int ROUNDS = 6;

    private static KeycloakCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KeycloakCluster.start(
                2, List.of("--spi-realm-restapi-extension--gateway-access--sync-interval-seconds=" + INTERVAL_SECONDS));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eachRoundSyncsTheRealmOnceOnOneNode() {
        GatewayRealm gw = GatewayRealm.create(cluster.node(0).admin(), "periodic-cluster");
        gw.createPool("p", GatewayRealm.PARTNER_IDP); // the scheduler syncs realms that have pools
        String realmId = cluster.node(0).admin().realm(gw.name()).get("id").asText();

        String jobs =
                "SELECT STARTED_AT, NODE, STATUS FROM GA_JOB WHERE REALM_ID = ? AND KIND = 'sync' AND STARTED_BY = 'scheduler'"
                        + " ORDER BY STARTED_AT";
        long deadline = System.currentTimeMillis() + (ROUNDS + 4) * INTERVAL_SECONDS * 1000L;
        while (Sql.rows(cluster.postgres(), jobs, realmId).size() < ROUNDS && System.currentTimeMillis() < deadline) {
            Poll.pause(500);
        }
        List<List<String>> rounds = Sql.rows(cluster.postgres(), jobs, realmId);
        String seen = rounds.stream()
                .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2))
                .collect(Collectors.joining("\n"));
        System.out.println("Scheduled syncs of the realm on the two nodes (started at, node, status):\n" + seen);

        assertTrue(
                rounds.size() >= ROUNDS,
                () -> "the scheduler syncs the realm every " + INTERVAL_SECONDS + " s:\n" + seen);
        long minimumGap = INTERVAL_SECONDS * 1000L * 9 / 10;
        for (int i = 1; i < rounds.size(); i++) {
            long gap = Long.parseLong(rounds.get(i).get(0))
                    - Long.parseLong(rounds.get(i - 1).get(0));
            int round = i;
            assertTrue(
                    gap >= minimumGap,
                    () -> "round " + round + " started " + gap + " ms after the one before (two nodes ran"
                            + " one round?):\n" + seen);
        }
        assertEquals(
                0, rounds.stream().filter(r -> r.get(2).equals("failed")).count(), () -> "no round failed:\n" + seen);
    }
}
