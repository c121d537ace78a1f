package org.gatewayaccess.keycloak.authzen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.representation.AuthZen;

/**
 * The paging of the AuthZEN search APIs: {@code page: {limit, token}} in, {@code page: {next_token, count}} out.
 *
 * <p>A token is opaque to callers: base64url of the search kind, a fingerprint of the query it continues and the last
 * key of the page before (results are in key order, so the next page starts after it and stays stable while results
 * change). Not signed: the key only says where to resume a search whose every result the caller may see anyway, so a
 * forged one can skip results but never reveal any. What is checked is that the token decodes, belongs to this very
 * query (same kind, subject, resource and action; another query's token is a 400, not a silent restart) and carries a
 * key of the right shape.
 *
 * @param limit the page size, {@link #DEFAULT_LIMIT} unless asked
 * @param after the key the page starts after; null for the first page
 */
public record SearchPage(int limit, String after, String fingerprint, String kind) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final String VERSION = "g1";
    private static final Set<String> FIELDS = Set.of("token", "limit", "properties");

    /**
     * {@code page} of a search request (optional: null when absent), its form only; the token is decoded by {@link #of},
     * which knows the query it must belong to.
     */
    public static AuthZen.PageRequest request(JsonNode node) {
        ObjectNode page = AuthZenInput.object(node, "page", false);
        if (page == null) {
            return null;
        }
        AuthZenInput.onlyFields(page, "page", FIELDS);
        AuthZenInput.object(page.get("properties"), "page.properties", false);
        Integer limit = null;
        JsonNode l = page.get("limit");
        if (l != null && !l.isNull()) {
            if (!l.isNumber()) {
                throw GatewayAccessException.badRequest("invalid_type", "Field 'page.limit' must be a number.");
            }
            if (!l.isIntegralNumber() || !l.canConvertToInt() || l.intValue() < 1 || l.intValue() > MAX_LIMIT) {
                throw GatewayAccessException.badRequest(
                        "invalid_value", "Field 'page.limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
            }
            limit = l.intValue();
        }
        JsonNode t = page.get("token");
        String token = null;
        if (t != null && !t.isNull()) {
            if (!t.isTextual()) {
                throw GatewayAccessException.badRequest("invalid_type", "Field 'page.token' must be a string.");
            }
            token = t.textValue();
        }
        return new AuthZen.PageRequest(token, limit);
    }

    /**
     * The page a search of {@code kind} whose query is {@code query} (the parts that identify it) was asked for;
     * {@code validKey} says whether a decoded key can be one of this search's keys.
     *
     * @param page as {@link #request} read it; null: the first page of the default size
     */
    public static SearchPage of(AuthZen.PageRequest page, String kind, List<String> query, Predicate<String> validKey) {
        String fingerprint = fingerprint(kind, query);
        int limit = page == null || page.limit() == null ? DEFAULT_LIMIT : page.limit();
        String after = null;
        // an empty token is the spec's "no more pages" value; sent back it means the first page
        if (page != null && page.token() != null && !page.token().isEmpty()) {
            after = decode(page.token(), kind, fingerprint, validKey);
        }
        return new SearchPage(limit, after, fingerprint, kind);
    }

    /** The response's {@code page.next_token}: empty on the last page, as the spec's examples show. */
    public String nextToken(String lastKey, boolean more) {
        return more ? encode(lastKey) : "";
    }

    String encode(String lastKey) {
        String text = VERSION + ":" + kind + ":" + fingerprint + ":" + lastKey;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, String kind, String fingerprint, Predicate<String> validKey) {
        String text;
        try {
            if (token.length() > 2048) {
                throw new IllegalArgumentException("too long");
            }
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = text.split(":", 4);
        if (parts.length != 4 || !VERSION.equals(parts[0]) || !kind.equals(parts[1]) || !validKey.test(parts[3])) {
            throw invalid();
        }
        if (!fingerprint.equals(parts[2])) {
            throw GatewayAccessException.badRequest(
                    "invalid_page_token",
                    "Field 'page.token' belongs to another search: send it with the subject, resource and action it was issued for.");
        }
        return parts[3];
    }

    private static GatewayAccessException invalid() {
        return GatewayAccessException.badRequest(
                "invalid_page_token",
                "Field 'page.token' is not a token this server issued: send the 'page.next_token' of the previous page unchanged.");
    }

    private static String fingerprint(String kind, List<String> query) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.getBytes(StandardCharsets.UTF_8));
            for (String part : query) {
                sha.update((byte) 0);
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            }
            byte[] digest = sha.digest();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
