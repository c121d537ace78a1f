package org.gatewayaccess.keycloak.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one cache mechanism of the node, as the access decisions use it (was DecisionCacheTest). */
class NodeCachesTest {

    private record Key(String realmId, String what) {}

    private final NodeCaches caches = new NodeCaches(NodeCaches.DEFAULT_DECISION_ENTRIES_PER_REALM);
    private final String realm = UUID.randomUUID().toString();
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aValueIsLoadedOnceAndServedUntilItsRealmIsForgotten() {
        assertEquals("v1", caches.get(CacheKind.DECISIONS, realm, new Key(realm, "a"), () -> load("v1")));
        assertEquals("v1", caches.get(CacheKind.DECISIONS, realm, new Key(realm, "a"), () -> load("v2")));
        assertEquals(1, loads.get());

        caches.forgetLocally(realm);
        assertEquals("v2", caches.get(CacheKind.DECISIONS, realm, new Key(realm, "a"), () -> load("v2")));
        assertEquals(2, loads.get());
    }

    @Test
    void forgettingOneRealmKeepsAnother() {
        String other = UUID.randomUUID().toString();
        caches.get(CacheKind.DECISIONS, realm, new Key(realm, "a"), () -> load("mine"));
        caches.get(CacheKind.DECISIONS, other, new Key(other, "a"), () -> load("theirs"));
        caches.forgetLocally(realm);
        assertEquals("theirs", caches.get(CacheKind.DECISIONS, other, new Key(other, "a"), () -> load("reloaded")));
        assertEquals(
                "mine again", caches.get(CacheKind.DECISIONS, realm, new Key(realm, "a"), () -> load("mine again")));
    }

    /** A load that overlaps an invalidation is stored under the older generation: it must never be served. */
    @Test
    void aValueLoadedWhileTheRealmIsForgottenIsNotServedAfterwards() {
        String stale = caches.get(CacheKind.DECISIONS, realm, new Key(realm, "b"), () -> {
            caches.forgetLocally(realm); // the revoke commits while this read is in flight
            return load("read before the revoke");
        });
        assertEquals("read before the revoke", stale, "the caller that asked gets what it read");
        assertEquals(
                "after the revoke",
                caches.get(CacheKind.DECISIONS, realm, new Key(realm, "b"), () -> load("after the revoke")),
                "but nobody after it");
    }

    @Test
    void anAbsentAnswerIsCachedToo() {
        assertEquals(null, caches.<String>get(CacheKind.DECISIONS, realm, new Key(realm, "c"), () -> load(null)));
        assertEquals(
                null, caches.<String>get(CacheKind.DECISIONS, realm, new Key(realm, "c"), () -> load("not asked")));
        assertEquals(1, loads.get());
    }

    /**
     * One realm asking for more distinct answers than the cache holds (a /check/batch flood) evicts its own answers
     * only. Before each realm had a cache of its own, the one map of all realms was cleared whole at 200,000 entries
     * and this realm's answers were loaded again.
     */
    @Test
    void aFloodInOneRealmDoesNotEvictAnotherRealmsAnswers() {
        String flooding = UUID.randomUUID().toString();
        for (int i = 0; i < 100; i++) {
            int n = i;
            caches.get(CacheKind.DECISIONS, realm, new Key(realm, "hot" + n), () -> load("hot" + n));
        }
        for (int i = 0; i <= 200_000; i++) {
            caches.get(CacheKind.DECISIONS, flooding, new Key(flooding, "cold" + i), () -> "cold");
        }
        loads.set(0);
        for (int i = 0; i < 100; i++) {
            int n = i;
            assertEquals(
                    "hot" + n,
                    caches.get(CacheKind.DECISIONS, realm, new Key(realm, "hot" + n), () -> load("reloaded")));
        }
        assertEquals(0, loads.get(), "every answer of the quiet realm is still cached");
        assertTrue(
                caches.weight(CacheKind.DECISIONS, flooding) <= NodeCaches.DEFAULT_DECISION_ENTRIES_PER_REALM,
                "the flooding realm's cache stays within its bound: " + caches.weight(CacheKind.DECISIONS, flooding));
    }

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    @Test
    void theBoundIsAtLeastOneAndAClosedNodeForgetsEverything() {
        assertThrows(IllegalArgumentException.class, () -> new NodeCaches(0));
        NodeCaches small = new NodeCaches(10);
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            small.get(CacheKind.DECISIONS, realm, new Key(realm, "k" + n), () -> "v" + n);
        }
        assertTrue(
                small.weight(CacheKind.DECISIONS, realm) <= 10,
                "bound 10: " + small.weight(CacheKind.DECISIONS, realm));
        small.clear();
        assertEquals(0, small.weight(CacheKind.DECISIONS, realm));
        assertEquals("loaded", small.get(CacheKind.DECISIONS, realm, new Key(realm, "k1"), () -> load("loaded")));
    }

    @Test
    void kindsOfOneRealmAreBoundedApartAndForgottenTogether() {
        caches.get(CacheKind.DECISIONS, realm, new Key(realm, "a"), () -> load("decision"));
        Weighed rows = () -> 7;
        assertEquals(rows, caches.get(CacheKind.RESOURCE_GRANTS, realm, new Key(realm, "a"), () -> rows));
        assertEquals(1, caches.weight(CacheKind.DECISIONS, realm));
        assertEquals(7, caches.weight(CacheKind.RESOURCE_GRANTS, realm), "weighed by the value, not counted");
        assertEquals(
                "decision",
                caches.get(CacheKind.DECISIONS, realm, new Key(realm, "a"), () -> load("other kind's key")));
        long before = caches.generation(realm);
        caches.forgetLocally(realm);
        assertEquals(before + 1, caches.generation(realm));
        Weighed reloaded = () -> 1;
        assertEquals(reloaded, caches.get(CacheKind.RESOURCE_GRANTS, realm, new Key(realm, "a"), () -> reloaded));
    }

    private interface Weighed extends CacheKind.Weighed {}
}
