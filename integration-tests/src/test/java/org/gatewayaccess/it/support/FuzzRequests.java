package org.gatewayaccess.it.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.gatewayaccess.it.support.OpenApiOperations.Operation;

/**
 * Malformed requests to the documented operations, drawn from a seeded {@link HostileInput}: hostile or unknown path
 * ids, path tricks ({@code ..}, {@code %2e%2e}, {@code %00}, encoded slashes), bad query values, hostile bodies, odd
 * methods and headers, and request targets only a raw socket can send. A request to an operation that changes
 * something always carries at least one part that the contract makes a 4xx (a hostile body, an id that cannot exist,
 * an invalid query value), so that an authorized caller must still change nothing.
 */
public final class FuzzRequests {

    /** The realm's existing objects, so that some requests reach the code behind the id lookups. */
    public record Fixtures(
            String realm, String pool, String job, String user, String group, String resourceType, String resourceId) {}

    /**
     * One request. {@code target} is the path under the base (with query), percent-encoded as it goes on the wire;
     * {@code raw}: to be sent on a socket; {@code leavesBase}: dot segments may take it outside the API;
     * {@code mustFail}: a change the contract must refuse.
     */
    public record Request(
            String method,
            String target,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            boolean raw,
            boolean leavesBase,
            boolean mustFail) {

        public String describe() {
            String b = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            List<String> names = headers.stream()
                    .map(h -> h.getKey() + (h.getKey().equals("Authorization") ? "" : "=" + shorten(h.getValue())))
                    .toList();
            return (raw ? "RAW " : "") + method + " " + shorten(target) + " headers " + names
                    + (body == null ? "" : " body(" + body.length + " bytes) " + escape(b));
        }
    }

    private static final List<String> NUMBERS = List.of(
            "-1",
            "0",
            "1",
            "10000",
            "10001",
            "2147483647",
            "2147483648",
            "99999999999999999999",
            "1.5",
            "0x10",
            "",
            " 1",
            "1e3",
            "+1",
            "-0",
            "٣");
    /** Form types too: the endpoints refuse them (415) before RESTEasy would parse the body as a form. */
    private static final List<String> CONTENT_TYPES = List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=utf-16",
            "application/json; charset=nonsense",
            "application/json; charset=ISO-8859-1",
            "*/*",
            "application/json;;;",
            "application/octet-stream",
            "application/merge-patch+json");

    private static final List<String> ACCEPTS = List.of(
            "text/html",
            "application/xml",
            "*/*",
            "image/png",
            "application/json;q=0",
            "text/*",
            "application/json, text/html;q=0.9",
            "garbage");
    private static final List<String> ODD_METHODS = List.of("PATCH", "OPTIONS", "HEAD", "TRACE", "FUZZ", "PROPFIND");
    private static final List<String> RAW_TRICKS = List.of(
            "%zz",
            "%",
            "%0",
            "\u0001",
            "\\",
            "\u00e9",
            "%c0%ae%c0%ae",
            "%u002e",
            "|",
            "^",
            "`",
            "{",
            "}",
            "\"",
            "<",
            ">",
            "%00",
            "..;",
            "\u007f");

    private final HostileInput in;
    private final Random random;
    private final List<Operation> operations;
    private final Fixtures fixtures;

    public FuzzRequests(HostileInput in, List<Operation> operations, Fixtures fixtures) {
        this.in = in;
        this.random = in.random();
        this.operations = operations;
        this.fixtures = fixtures;
    }

    public Request next(String token) {
        Operation op = in.pick(operations);
        boolean trick = random.nextInt(100) < 15;
        boolean raw = random.nextInt(100) < 5;
        boolean queryAlwaysInvalid = op.method().equals("DELETE") && op.path().endsWith("/grants");
        List<String> params = op.parameters();
        // an operation that changes something and reads no body must be refused for its ids (or its query)
        int mustBreak = op.mutating() && !op.hasBody() && !queryAlwaysInvalid && !params.isEmpty()
                ? random.nextInt(params.size())
                : -1;
        String path = op.path();
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i);
            int kind = (op.mutating() && (trick || raw)) || i == mustBreak
                    ? 1 + random.nextInt(2)
                    : random.nextInt(10) < 5 ? 0 : 1 + random.nextInt(2);
            String value = switch (kind) {
                case 0 -> fixture(op.path(), name);
                case 1 -> trick ? looselyEncoded(in.string()) : HostileInput.encodePathSegment(in.string());
                default -> unknown(op.path(), name);
            };
            path = path.replace("{" + name + "}", value);
        }
        if (trick) {
            path = pathTrick(path);
        }
        String method = op.method();
        boolean odd = random.nextInt(100) < 5;
        if (odd) {
            method = in.pick(ODD_METHODS);
        }
        String target = path + query(op);
        if (raw) {
            target = rawTrick(target);
        }
        byte[] body = null;
        if (op.hasBody()
                || method.equals("PUT")
                || method.equals("POST")
                || method.equals("PATCH")
                || random.nextInt(100) < (method.equals("GET") ? 10 : 5)) {
            body = in.body();
        }
        boolean leavesBase = target.contains("..")
                || target.toLowerCase().contains("%2e")
                || target.toLowerCase().contains("%c0%ae");
        return new Request(method, target, headers(token, body != null), body, raw, leavesBase, op.mutating() && !odd);
    }

    private String fixture(String template, String name) {
        return switch (name) {
            case "userId" -> fixtures.user();
            case "groupId" -> fixtures.group();
            case "type" -> fixtures.resourceType();
            default ->
                template.startsWith("/pools")
                        ? fixtures.pool()
                        : template.startsWith("/jobs") ? fixtures.job() : fixtures.resourceId();
        };
    }

    /** Well-formed but of nothing that exists. */
    private String unknown(String template, String name) {
        if (name.equals("type")) {
            return "fz-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        }
        if (name.equals("id") && template.startsWith("/resources")) {
            return "fz." + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        }
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** Encodes what a URI may not hold but leaves '/', '.' and '%' as they are, so that dot segments and escapes stay. */
    private static String looselyEncoded(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(
                    c == '/' || c == '.' || c == '%'
                            ? String.valueOf(c)
                            : HostileInput.encodePathSegment(String.valueOf(c)));
        }
        return b.toString();
    }

    private String pathTrick(String path) {
        List<Integer> slashes = new ArrayList<>();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                slashes.add(i);
            }
        }
        int at = slashes.get(random.nextInt(slashes.size()));
        String insert = in.pick(List.of(
                "/..",
                "/%2e%2e",
                "/%2E%2E/..",
                "/.",
                "/%2e",
                "/",
                "/;x=y",
                "/%2F",
                "/%252e%252e",
                "/.%2e",
                "/%00",
                "/%5C..",
                "/%20"));
        String tricked = path.substring(0, at) + insert + path.substring(at);
        return switch (random.nextInt(4)) {
            case 0 -> tricked + in.pick(List.of("%00", ";jsessionid=x", "/", "%2F", "%20", ".json", "#frag"));
            case 1 -> tricked.toUpperCase();
            default -> tricked;
        };
    }

    private String query(Operation op) {
        List<String> pairs = new ArrayList<>();
        switch (op.key()) {
            case "GET /resources/{type}" -> {
                maybe(pairs, "permission", in.pick(List.of("view", "edit", "manage", "VIEW", "admin", in.string())));
                maybe(pairs, "first", number());
                maybe(pairs, "max", number());
                maybe(pairs, "cursor", random.nextBoolean() ? cursorOf(in.string()) : in.string());
            }
            case "GET /groups/{groupId}/members", "GET /users/pending" -> {
                maybe(pairs, "first", number());
                maybe(pairs, "max", number());
            }
            case "POST /sync" -> {
                String dryRun = in.string();
                pairs.add("dryRun=" + enc(dryRun.equals("true") || dryRun.equals("false") ? "x" + dryRun : dryRun));
            }
            case "POST /migrations/roles-to-groups" ->
                maybe(pairs, "dryRun", in.pick(List.of("true", "false", "TRUE", "1", in.string())));
            case "DELETE /resources/{type}/{id}/grants" -> {
                String unknownUser = new UUID(random.nextLong(), random.nextLong()).toString();
                maybe(
                        pairs,
                        "principal",
                        in.pick(List.of(
                                "user:" + unknownUser, "group:" + unknownUser, in.string(), "user:" + in.string())));
                maybe(pairs, "permission", in.pick(List.of("view", "edit", "manage", in.string())));
            }
            default -> {
                if (random.nextInt(5) == 0) {
                    pairs.add("zz=" + enc(in.string()));
                }
            }
        }
        if (random.nextInt(20) == 0 && !pairs.isEmpty()) {
            pairs.add(pairs.get(0)); // the same parameter twice
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private void maybe(List<String> pairs, String name, String value) {
        if (random.nextInt(3) > 0) {
            pairs.add(name + "=" + enc(value));
        }
    }

    private String number() {
        return random.nextInt(4) == 0 ? in.string() : in.pick(NUMBERS);
    }

    /** What the API's own cursors look like (base64url of an id), here of a hostile "id". */
    private static String cursorOf(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    public static String enc(String s) {
        return HostileInput.encodePathSegment(s);
    }

    /** Bytes in the request target that no URI may hold; in the path only, so that the query keeps what makes it invalid. */
    private String rawTrick(String target) {
        int pathLength = target.contains("?") ? target.indexOf('?') : target.length();
        int at = 1 + random.nextInt(Math.max(1, pathLength - 1));
        return target.substring(0, at) + in.pick(RAW_TRICKS) + target.substring(at);
    }

    private List<Map.Entry<String, String>> headers(String token, boolean hasBody) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        int auth = random.nextInt(100);
        if (auth < 94) {
            h.add(Map.entry("Authorization", "Bearer " + token));
        } else {
            h.add(Map.entry(
                    "Authorization",
                    in.pick(List.of(
                            "Bearer " + token + "x",
                            "Bearer  " + token,
                            "bearer " + token,
                            "Bearer",
                            "Bearer " + token + ", Bearer " + token,
                            "Basic YTpi",
                            token,
                            "Bearer " + token.substring(0, token.length() / 2),
                            "Bearer " + token.replace('.', '!'),
                            "Bearer " + token.replace("eyJ", "eyK")))));
            if (random.nextBoolean()) {
                h.add(Map.entry("Authorization", "Bearer " + token));
            }
        }
        h.add(Map.entry("Accept", random.nextInt(100) < 85 ? "application/json" : in.pick(ACCEPTS)));
        if (hasBody) {
            h.add(Map.entry("Content-Type", random.nextInt(100) < 75 ? "application/json" : in.pick(CONTENT_TYPES)));
        }
        int extra = random.nextInt(100);
        if (extra < 8) {
            h.add(Map.entry(
                    "X-Fuzz-Filler", "a".repeat(1000 + random.nextInt(7_000)))); // within the server's header limits
        } else if (extra < 12) {
            for (int i = 0; i < 50; i++) {
                h.add(Map.entry("X-Fuzz-" + i, "b".repeat(100)));
            }
        } else if (extra < 20) {
            h.add(in.pick(List.of(
                    Map.entry("X-Forwarded-For", "' OR 1=1 --"),
                    Map.entry("X-Forwarded-Host", "evil.example"),
                    Map.entry("Forwarded", "for=\"[::1]\";host=evil.example"),
                    Map.entry("Origin", "http://evil.example"),
                    Map.entry("Content-Encoding", "gzip"),
                    Map.entry("Accept-Charset", "utf-7"),
                    Map.entry("Accept-Language", "xx-\u00e9"),
                    Map.entry("Cookie", "KEYCLOAK_IDENTITY=" + "c".repeat(500)),
                    Map.entry("X-HTTP-Method-Override", "DELETE"))));
        }
        return h;
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.chars()
                .forEach(c -> b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
