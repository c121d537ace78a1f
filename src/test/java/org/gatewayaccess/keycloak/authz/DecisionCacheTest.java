package org.gatewayaccess.keycloak.authz;

import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionCacheTest {

    private record Key(String realmId, String what) {
    }

    private final String realm = UUID.randomUUID().toString();
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aValueIsLoadedOnceAndServedUntilItsRealmIsForgotten() {
        assertEquals("v1", DecisionCache.get(realm, new Key(realm, "a"), () -> load("v1")));
        assertEquals("v1", DecisionCache.get(realm, new Key(realm, "a"), () -> load("v2")));
        assertEquals(1, loads.get());

        DecisionCache.forgetLocally(realm);
        assertEquals("v2", DecisionCache.get(realm, new Key(realm, "a"), () -> load("v2")));
        assertEquals(2, loads.get());
    }

    @Test
    void forgettingOneRealmKeepsAnother() {
        String other = UUID.randomUUID().toString();
        DecisionCache.get(realm, new Key(realm, "a"), () -> load("mine"));
        DecisionCache.get(other, new Key(other, "a"), () -> load("theirs"));
        DecisionCache.forgetLocally(realm);
        assertEquals("theirs", DecisionCache.get(other, new Key(other, "a"), () -> load("reloaded")));
        assertEquals("mine again", DecisionCache.get(realm, new Key(realm, "a"), () -> load("mine again")));
    }

    /** A load that overlaps an invalidation is stored under the older generation: it must never be served. */
    @Test
    void aValueLoadedWhileTheRealmIsForgottenIsNotServedAfterwards() {
        String stale = DecisionCache.get(realm, new Key(realm, "b"), () -> {
            DecisionCache.forgetLocally(realm); // the revoke commits while this read is in flight
            return load("read before the revoke");
        });
        assertEquals("read before the revoke", stale, "the caller that asked gets what it read");
        assertEquals("after the revoke", DecisionCache.get(realm, new Key(realm, "b"), () -> load("after the revoke")),
            "but nobody after it");
    }

    @Test
    void anAbsentAnswerIsCachedToo() {
        assertEquals(null, DecisionCache.get(realm, new Key(realm, "c"), () -> load(null)));
        assertEquals(null, DecisionCache.get(realm, new Key(realm, "c"), () -> load("not asked")));
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
            DecisionCache.get(realm, new Key(realm, "hot" + n), () -> load("hot" + n));
        }
        for (int i = 0; i <= 200_000; i++) {
            DecisionCache.get(flooding, new Key(flooding, "cold" + i), () -> "cold");
        }
        loads.set(0);
        for (int i = 0; i < 100; i++) {
            int n = i;
            assertEquals("hot" + n, DecisionCache.get(realm, new Key(realm, "hot" + n), () -> load("reloaded")));
        }
        assertEquals(0, loads.get(), "every answer of the quiet realm is still cached");
        assertTrue(DecisionCache.size(flooding) <= DecisionCache.DEFAULT_MAX_ENTRIES_PER_REALM,
            "the flooding realm's cache stays within its bound: " + DecisionCache.size(flooding));
    }

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }
}
