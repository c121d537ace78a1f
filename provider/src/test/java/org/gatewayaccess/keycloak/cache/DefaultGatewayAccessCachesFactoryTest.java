package org.gatewayaccess.keycloak.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The factory makes the node's caches from the option operators know, and empties them when it closes. */
class DefaultGatewayAccessCachesFactoryTest {

    private static final String PREFIX = "ga-test-" + DefaultGatewayAccessCachesFactoryTest.class.getSimpleName() + ".";

    private record Key(String realmId, int n) {}

    @AfterEach
    void forget() {
        System.clearProperty(PREFIX + "decisionCacheEntriesPerRealm");
    }

    @Test
    void theBoundIsTheOptionsAndItsDefaultIsKept() {
        assertEquals(
                100_000, NodeCaches.DEFAULT_DECISION_ENTRIES_PER_REALM, "operators rely on the documented default");
        System.setProperty(PREFIX + "decisionCacheEntriesPerRealm", "5");
        DefaultGatewayAccessCachesFactory factory = new DefaultGatewayAccessCachesFactory();
        factory.configure(new Config.SystemPropertiesScope(PREFIX));
        NodeCaches node = factory.node();
        for (int i = 0; i < 100; i++) {
            int n = i;
            node.get(CacheKind.DECISIONS, "r", new Key("r", n), () -> n);
        }
        assertEquals(5, node.weight(CacheKind.DECISIONS, "r"));
        factory.close();
        assertEquals(0, node.weight(CacheKind.DECISIONS, "r"), "closed: nothing kept");
    }

    @Test
    void aBoundBelowOneIsRefusedAtStartUp() {
        System.setProperty(PREFIX + "decisionCacheEntriesPerRealm", "0");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new DefaultGatewayAccessCachesFactory().configure(new Config.SystemPropertiesScope(PREFIX)));
        assertEquals("decision-cache-entries-per-realm must be at least 1, not 0", e.getMessage());
    }
}
