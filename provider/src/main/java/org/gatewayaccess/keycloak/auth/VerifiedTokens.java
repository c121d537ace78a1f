package org.gatewayaccess.keycloak.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.keycloak.representations.AccessToken;

/**
 * This node's memory of bearer tokens it verified in full, for at most {@link #windowMillis()} (option
 * {@code authentication-cache-seconds}, default {@value #DEFAULT_WINDOW_SECONDS} s; 0 turns it off). One per node,
 * made by {@code rest/GatewayAccessResourceProviderFactory} at start-up and handed to each request's
 * {@link CallerAuthenticator}.
 *
 * <p>What it saves a request: the token's signature check and parsing, Keycloak's session lookup for a token without a
 * session, and the caller's rights once worked out (the checker role, the system groups, Keycloak's admin
 * permissions). What it never saves: {@link CallerAuthenticator} checks on every request, from Keycloak's caches, that
 * the token has not expired, is not revoked, that its issuer is the URL asked at, that the user and the client exist and are enabled and the token is not
 * older than a not-before push, and that a token's user session still exists. So a revoked or expired token, a
 * disabled user or client, a logged-out session are refused at once; only a right taken away without an event this
 * node hears of (a role through a group or a composite, a realm key removed) can take up to the window to count.
 *
 * <p>Entries are keyed by the SHA-256 of the token, not the token itself, so the cache keeps no usable bearer token;
 * they carry the realm's {@code NodeCaches} generation and are dropped when it moves (group memberships, users,
 * the checker role, realm-management roles change it cluster-wide).
 */
public final class VerifiedTokens {

    /** Default of {@code --spi-realm-restapi-extension--gateway-access--authentication-cache-seconds}. */
    public static final int DEFAULT_WINDOW_SECONDS = 10;

    private static final int MAX_ENTRIES = 50_000;

    private final long windowMillis;
    private final Cache<Key, Verified> cache;

    /** @param seconds the window (0: every request verifies its token in full) */
    public VerifiedTokens(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("authentication-cache-seconds must be 0 (off) or more, not " + seconds);
        }
        windowMillis = seconds * 1000L;
        cache = build(windowMillis);
    }

    record Key(String realmId, String digest) {}

    /**
     * A token verified in full at {@link #verifiedAt}, and the caller's rights as far as a request has asked for
     * them (null: not known yet). Rights are written by the requests that work them out: each is a fact of the
     * token's user at the time, valid for the window like the rest.
     */
    static final class Verified {
        final AccessToken token;
        final String tokenRealmId;
        final String userId;
        final String clientId;
        final long generation;
        final long verifiedAt;
        volatile Boolean keycloakAdmin;
        volatile Boolean keycloakViewer;
        volatile Boolean gatewayAdmin;
        volatile Boolean readOnlyAdmin;
        volatile Boolean checker;
        /**
         * Where the issuer check last held: the request's own base URI as received (before Keycloak's hostname
         * resolution) and the token realm's {@code frontendUrl} attribute, from which the frontend URL is derived.
         */
        volatile String issuerCheckedAt;
        /** Keycloak's user cache entry of the user read just before the user was last found valid (see CallerAuthenticator). */
        volatile Object userEntry;

        Verified(
                AccessToken token,
                String tokenRealmId,
                String userId,
                String clientId,
                long generation,
                long verifiedAt) {
            this.token = token;
            this.tokenRealmId = tokenRealmId;
            this.userId = userId;
            this.clientId = clientId;
            this.generation = generation;
            this.verifiedAt = verifiedAt;
        }
    }

    long windowMillis() {
        return windowMillis;
    }

    private static Cache<Key, Verified> build(long window) {
        return Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(Duration.ofMillis(Math.max(1, window)))
                // eviction work runs on the calling thread: no task of this cache on Keycloak's or the JVM's common
                // pool
                .executor(Runnable::run)
                .build();
    }

    static Key key(String realmId, String tokenString) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(tokenString.getBytes(StandardCharsets.US_ASCII));
            return new Key(realmId, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** A token verified within the window and under the realm's current generation, or null. */
    Verified get(Key key, long generation, long now) {
        if (windowMillis == 0) {
            return null;
        }
        Verified v = cache.getIfPresent(key);
        if (v == null || v.generation != generation || now - v.verifiedAt >= windowMillis) {
            return null;
        }
        return v;
    }

    void put(Key key, Verified verified) {
        if (windowMillis > 0) {
            cache.put(key, verified);
        }
    }

    void forget(Key key) {
        cache.invalidate(key);
    }

    /** Forgets every token (Keycloak stops). */
    public void clear() {
        cache.invalidateAll();
    }
}
