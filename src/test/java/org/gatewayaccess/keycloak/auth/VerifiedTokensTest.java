package org.gatewayaccess.keycloak.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window of remembered tokens: never served after it, nor after the realm's generation moved. */
class VerifiedTokensTest {

    @AfterEach
    void reset() {
        VerifiedTokens.configure(VerifiedTokens.DEFAULT_WINDOW_SECONDS);
    }

    @Test
    void aTokenIsServedWithinTheWindowAndUnderItsGenerationOnly() {
        VerifiedTokens.configure(10);
        VerifiedTokens.Key key = VerifiedTokens.key("realm-1", "header.payload.signature");
        VerifiedTokens.Verified v = new VerifiedTokens.Verified(new AccessToken(), "realm-1", "u", "c", 7, 1_000_000);
        VerifiedTokens.put(key, v);
        assertSame(v, VerifiedTokens.get(key, 7, 1_000_000 + 9_999));
        assertNull(VerifiedTokens.get(key, 7, 1_000_000 + 10_000), "the window has passed");
        assertNull(VerifiedTokens.get(key, 8, 1_000_000 + 1), "the realm changed since");
        assertNull(VerifiedTokens.get(VerifiedTokens.key("realm-2", "header.payload.signature"), 7, 1_000_001), "another realm");
        assertNull(VerifiedTokens.get(VerifiedTokens.key("realm-1", "header.payload.signaturf"), 7, 1_000_001), "another token");
    }

    @Test
    void keysHoldNoTokenAndOffMeansNothingIsRemembered() {
        VerifiedTokens.Key key = VerifiedTokens.key("realm-1", "header.payload.signature");
        assertTrue(!key.digest().contains("signature") && key.digest().length() == 43, key.digest());
        assertNotEquals(key, VerifiedTokens.key("realm-1", "header.payload.signaturE"));
        VerifiedTokens.configure(0);
        VerifiedTokens.put(key, new VerifiedTokens.Verified(new AccessToken(), "realm-1", "u", "c", 1, 0));
        assertNull(VerifiedTokens.get(key, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> VerifiedTokens.configure(-1));
    }
}
