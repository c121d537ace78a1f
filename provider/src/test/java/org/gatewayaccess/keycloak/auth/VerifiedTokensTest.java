package org.gatewayaccess.keycloak.auth;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

/** The window of remembered tokens: never served after it, nor after the realm's generation moved. */
class VerifiedTokensTest {

    @Test
    void aTokenIsServedWithinTheWindowAndUnderItsGenerationOnly() {
        VerifiedTokens tokens = new VerifiedTokens(10);
        VerifiedTokens.Key key = VerifiedTokens.key("realm-1", "header.payload.signature");
        VerifiedTokens.Verified v = new VerifiedTokens.Verified(new AccessToken(), "realm-1", "u", "c", 7, 1_000_000);
        tokens.put(key, v);
        assertSame(v, tokens.get(key, 7, 1_000_000 + 9_999));
        assertNull(tokens.get(key, 7, 1_000_000 + 10_000), "the window has passed");
        assertNull(tokens.get(key, 8, 1_000_000 + 1), "the realm changed since");
        assertNull(
                tokens.get(VerifiedTokens.key("realm-2", "header.payload.signature"), 7, 1_000_001), "another realm");
        assertNull(
                tokens.get(VerifiedTokens.key("realm-1", "header.payload.signaturf"), 7, 1_000_001), "another token");
    }

    @Test
    void keysHoldNoTokenAndOffMeansNothingIsRemembered() {
        VerifiedTokens.Key key = VerifiedTokens.key("realm-1", "header.payload.signature");
        assertTrue(!key.digest().contains("signature") && key.digest().length() == 43, key.digest());
        assertNotEquals(key, VerifiedTokens.key("realm-1", "header.payload.signaturE"));
        VerifiedTokens tokens = new VerifiedTokens(0);
        tokens.put(key, new VerifiedTokens.Verified(new AccessToken(), "realm-1", "u", "c", 1, 0));
        assertNull(tokens.get(key, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new VerifiedTokens(-1));
    }
}
