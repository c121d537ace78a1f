package org.gatewayaccess.it.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Malformed input, drawn from a seeded {@link Random} so that a run can be replayed: strings no id or name may be,
 * and request bodies that every endpoint of the API must refuse — never blank, and never a valid body for any
 * endpoint (each is malformed JSON, not an object, or an object with a field no endpoint knows or a {@code name}
 * no pool may have). That is what lets FuzzIT require that nothing changed.
 */
public final class HostileInput {

    /** What a stack trace or a Java class name in a response looks like; generated input never contains it. */
    public static final Pattern LEAK = Pattern.compile(
            "Exception|Caused by|\\bat (org|java|jakarta|io|com)\\.|java\\.|javax\\.|jakarta\\.|org\\.keycloak|org\\.hibernate"
                    + "|org\\.gatewayaccess|io\\.quarkus|io\\.vertx|com\\.fasterxml|org\\.postgresql|org\\.h2\\.");

    private static final List<String> STRINGS = List.of(
            "",
            " ",
            ".",
            "..",
            "../..",
            "..\\..",
            "%00",
            "\u0000",
            "\u0007",
            "\r\n",
            "\t",
            "'",
            "\"",
            "\\",
            "' OR '1'='1",
            "\"; DROP TABLE GA_POOL; --",
            "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1:9/a}",
            "{{7*7}}",
            "%s%n%x",
            "\uFEFF",
            "\u202Egnp.exe",
            "\uD800",
            "\uDFFF\uD800",
            "\uD83D\uDE00",
            "\u01C5",
            "\u0130",
            "a\u0000b",
            "a/b",
            "a\\b",
            "null",
            "true",
            "-1",
            "1e309",
            "NaN",
            "[]",
            "{}",
            "*",
            "?",
            "#",
            "&",
            "=",
            ";",
            "~",
            "%",
            "%%",
            "+",
            "CON",
            "user:",
            "group:",
            ":",
            "@",
            "user:..",
            "group:\u0000",
            "\u00ff\u00fe",
            "\u2028\u2029",
            "\uFFFF",
            "\u0085",
            "ﬀ",
            "Ａｄｍｉｎｓ",
            "/Admins",
            "/Admins/..",
            "admin\u0000");

    /** Field names the API knows somewhere: bodies use them as decoys next to a field nobody knows. */
    private static final List<String> KNOWN_FIELDS = List.of(
            "name",
            "description",
            "identityProvider",
            "id",
            "createdAt",
            "role",
            "userId",
            "resourceType",
            "resourceId",
            "permission",
            "checks",
            "principal",
            "mappings",
            "removeRoles",
            "group",
            "gatewayGroups",
            "gatewayRoles",
            "roleMappings",
            "identityProviderMappings",
            "discovery",
            "pendingApproval",
            "adminPromotionRequiresRealmAdmin",
            "type",
            "createdBy",
            "permissions");

    private static final List<String> MALFORMED = List.of(
            "{",
            "}",
            "[",
            "{\"name\":",
            "{\"name\": \"a\"} trailing",
            "{\"name\":\"a\",\"name\":\"b\"}",
            "{'name':'a'}",
            "{name: \"a\"}",
            "/* comment */ {\"name\":\"a\"}",
            "{\"name\":NaN}",
            "[1,]",
            "{\"name\":\"a\",}",
            "\uFEFF{\"name\"",
            "{\"name\":\"\\x41\"}",
            "{\"name\":\"\\uZZZZ\"}",
            "{\"name\":\"unterminated",
            "{\"name\":01}",
            "{\"name\":-}",
            "nul",
            "tru",
            "\u0000",
            "{\"\u0000\":1",
            "{\"name\":\"a\u0000b\"",
            "{\"a\"::1}",
            "{\"name\":\"a\"}{\"name\":\"b\"}",
            "{\"name\" \"a\"}",
            "{,}",
            "{\"name\":[}",
            "\"\\",
            "{\"name\":\"\u0001\"}x",
            "{\"name\":1" + "0".repeat(2000) + "}",
            "{\"zz\":1e99999999999}",
            "{\"checks\":[{\"userId\":]}",
            "<xml/>",
            "name=a&role=admin",
            "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na\r\n--x--");

    private final Random random;

    public HostileInput(Random random) {
        this.random = random;
    }

    public Random random() {
        return random;
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A string no id, type, name or role may be (or at least one that must not crash anything). */
    public String string() {
        String s;
        do {
            s = switch (random.nextInt(6)) {
                case 0, 1 -> pick(STRINGS);
                case 2 -> randomChars(1 + random.nextInt(40));
                case 3 -> pick(STRINGS) + randomChars(1 + random.nextInt(8)) + pick(STRINGS);
                // mostly short enough for a request line (longer ones get 414 from the HTTP layer, never reaching the
                // API)
                case 4 ->
                    String.valueOf((char) ('a' + random.nextInt(26)))
                            .repeat(256 + random.nextInt(random.nextInt(10) == 0 ? 20_000 : 1_000));
                default -> "..%2F" + randomChars(3) + "%2e%2e/" + pick(STRINGS);
            };
        } while (LEAK.matcher(s).find());
        return s;
    }

    /** Characters from every awkward range: C0 controls, Latin-1, the BMP (with lone surrogates), astral planes. */
    public String randomChars(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(5)) {
                case 0 -> b.append((char) random.nextInt(0x20));
                case 1 -> b.append((char) (0x20 + random.nextInt(0x5f)));
                case 2 -> b.append((char) (0x80 + random.nextInt(0x180)));
                case 3 -> b.append((char) random.nextInt(0x10000));
                default -> b.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return b.toString();
    }

    /** Every byte outside the unreserved set percent-encoded (a lone surrogate becomes '?', as Java's UTF-8 encoder writes it). */
    public static String encodePathSegment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    /** A body every endpoint refuses (see the class comment); never blank. */
    public byte[] body() {
        return switch (random.nextInt(20)) {
            case 0, 1, 2, 3 -> utf8(pick(MALFORMED));
            case 4, 5 ->
                utf8(pick(List.of("[]", "[{}]", "\"x\"", "123", "true", "null", "-0", "1e400", "[null]", "\"{}\"")));
            case 6, 7 -> utf8(deep());
            case 8, 9, 10, 11, 12 -> utf8(Http.write(withUnknownField()));
            case 13, 14, 15, 16 -> utf8(Http.write(withBadName()));
            case 17 -> invalidUtf8();
            case 18 -> utf8(random.nextInt(4) == 0 ? huge() : Http.write(withUnknownField()));
            default -> utf8(Http.write(checksWithBadItem()));
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Nested arrays or objects, closed or not, from a little to far beyond any parser's depth limit. */
    private String deep() {
        int depth = random.nextBoolean() ? 10 + random.nextInt(500) : 1000 + random.nextInt(100_000);
        boolean arrays = random.nextBoolean();
        StringBuilder b = new StringBuilder(arrays ? "" : "{\"zz\":");
        b.append((arrays ? "[" : "{\"a\":").repeat(depth)).append("1");
        if (random.nextBoolean()) {
            b.append((arrays ? "]" : "}").repeat(depth));
        }
        return arrays ? b.toString() : b.append('}').toString();
    }

    /** An object with a field no endpoint knows ({@code zz…}), among known fields holding hostile values of any type. */
    private ObjectNode withUnknownField() {
        ObjectNode o = Http.JSON.createObjectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            o.set(pick(KNOWN_FIELDS), Http.JSON.valueToTree(value()));
        }
        o.set("zz" + string(), Http.JSON.valueToTree(value()));
        for (int i = random.nextInt(3); i > 0; i--) {
            o.set(pick(KNOWN_FIELDS), Http.JSON.valueToTree(value()));
        }
        return o;
    }

    /** {@code name} is a field of pools only, and this one is not a pool name: every endpoint refuses it. */
    private ObjectNode withBadName() {
        ObjectNode o = Http.JSON.createObjectNode();
        Object name = switch (random.nextInt(7)) {
            case 0 -> random.nextInt();
            case 1 -> List.of(string());
            case 2 -> random.nextBoolean();
            case 3 -> java.util.Map.of("a", string());
            case 4 -> " ".repeat(random.nextInt(5));
            case 5 -> "x".repeat(256 + random.nextInt(5000));
            default -> "a" + (char) (random.nextBoolean() ? random.nextInt(9) : 0x7f + random.nextInt(0x21)) + string();
        };
        o.set("name", Http.JSON.valueToTree(name));
        for (int i = random.nextInt(4); i > 0; i--) {
            String field = pick(KNOWN_FIELDS);
            if (!field.equals("name")) {
                o.set(field, Http.JSON.valueToTree(value()));
            }
        }
        return o;
    }

    /** A batch whose items hold a field no check has: refused whole. */
    private ObjectNode checksWithBadItem() {
        ObjectNode o = Http.JSON.createObjectNode();
        ArrayNode checks = o.putArray("checks");
        for (int i = random.nextInt(random.nextInt(4) == 0 ? 1200 : 5); i >= 0; i--) {
            checks.add(withUnknownField());
        }
        return o;
    }

    /** Bytes that are not UTF-8 inside an object with an unknown field. */
    private byte[] invalidUtf8() {
        byte[] head = utf8("{\"zz");
        byte[] bad = {
            (byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xf8
        };
        byte[] tail = utf8("\":\"" + (random.nextBoolean() ? "x" : "") + "\"}");
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        return all;
    }

    /** One to three megabytes: a huge string or a huge array. */
    private String huge() {
        int n = 1_000_000 + random.nextInt(2_000_000);
        return random.nextBoolean() ? "{\"name\":\"" + "y".repeat(n) + "\"}" : "[" + "1,".repeat(n / 2) + "1]";
    }

    private Object value() {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextDouble() * 1e300;
            case 2 -> random.nextBoolean();
            case 3 -> List.of(string(), random.nextInt());
            case 4 -> java.util.Map.of(string(), string());
            case 5 -> "";
            default -> string();
        };
    }
}
