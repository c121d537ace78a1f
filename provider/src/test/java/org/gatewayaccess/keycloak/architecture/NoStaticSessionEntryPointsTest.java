package org.gatewayaccess.keycloak.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 part 3: what works on a request's session is an instance of that session, made by
 * {@code X.of(session)} and used as {@code X.of(session).method(…)} (as {@code LinkChanges},
 * {@code AutomaticAdminEvents}), not a static method handed the session on every call. The instance says what the
 * work needs once, in its constructor, and can be given something else in a test; a static entry point hides that
 * in its body. The test refuses every static method that is not private and takes a {@code KeycloakSession}
 * parameter, except
 *
 * <ul>
 *   <li>the factories themselves: a method named {@code of} or {@code load} returning its own class (or an
 *       {@code Optional} of it), and</li>
 *   <li>the named exceptions in {@link #ALLOWED}, each with its reason; the test fails on a stale entry, so the
 *       list only shrinks.</li>
 * </ul>
 *
 * Runners that open sessions of their own take a {@code KeycloakSessionFactory}, not a session, and are not
 * refused: they stay static, as Keycloak's {@code KeycloakModelUtils.runJobInTransaction} is.
 */
class NoStaticSessionEntryPointsTest {

    /**
     * A method declaration up to its opening parenthesis: modifiers (at least one), type parameters, return type,
     * name. A call never matches: it has no modifiers in front.
     */
    private static final Pattern METHOD =
            Pattern.compile("(?m)^\\s*((?:(?:public|protected|private|static|final|synchronized|native|strictfp)\\s+)+)"
                    + "(?:<[^(){};=]*>\\s*)?"
                    + "([\\w.$]+(?:\\s*<[^;=(){}]*>)?(?:\\s*\\[\\s*])*)\\s+(\\w+)\\s*\\(");

    /** A type declaration's head: the word and the type's name (not {@code Foo.class}). */
    private static final Pattern TYPE = Pattern.compile("(?<![.\\w])(?:class|interface|enum|record)\\s+(\\w+)");

    private static final Set<String> SESSION = Set.of("KeycloakSession", "org.keycloak.models.KeycloakSession");

    private static final Set<String> FACTORY_NAMES = Set.of("of", "load");

    /** {@code file#method} → why it may stay static. */
    static final Map<String, String> ALLOWED = Map.of(
            "realm/RealmTransactions.java#onRealm",
            "the realm binding RealmTransactions.run gives the sessions it opens, around work in a session the caller "
                    + "already has (a realm created through the master realm's admin API) and put back afterwards: "
                    + "part of that static runner, the one place a realm is bound, not a service of one session");

    @Test
    void noStaticMethodTakesASession() throws IOException {
        Set<String> offenders = new TreeSet<>();
        Set<String> allowedFound = new TreeSet<>();
        for (Path file : MainSources.javaFiles()) {
            for (String method : sessionEntryPoints(MainSources.code(file))) {
                String key = MainSources.name(file) + "#" + method;
                if (ALLOWED.containsKey(key)) {
                    allowedFound.add(key);
                } else {
                    offenders.add(key);
                }
            }
        }
        assertTrue(
                offenders.isEmpty(),
                offenders.size() + " static methods in src/main/java take a KeycloakSession (make them instance "
                        + "methods of X.of(session), as LinkChanges and AutomaticAdminEvents are):\n  "
                        + String.join("\n  ", offenders));
        Set<String> stale = new TreeSet<>(ALLOWED.keySet());
        stale.removeAll(allowedFound);
        assertTrue(stale.isEmpty(), "no longer a static method taking a session, remove from ALLOWED: " + stale);
    }

    /** The checker itself, on declarations it must and must not refuse. */
    @Test
    void theCheckerFindsStaticMethodsTakingASession() {
        String code = "public final class Mirror {\n"
                + "    private Mirror(KeycloakSession session) {}\n"
                + "    public static Mirror of(KeycloakSession session) {\n"
                + "        return new Mirror(session);\n"
                + "    }\n"
                + "    public static Optional<Mirror> of(KeycloakSession session, RealmModel realm) {}\n"
                + "    public static void put(KeycloakSession session, RealmModel realm) {\n"
                + "        helper(session);\n"
                + "    }\n"
                + "    static <T> T whileMirroring(\n"
                + "            final org.keycloak.models.KeycloakSession session, Supplier<T> work) {}\n"
                + "    public static Map<String, List<String>> form(\n"
                + "            @Context KeycloakSession session) throws IOException {}\n"
                + "    private static void helper(KeycloakSession session) {}\n"
                + "    public void instance(KeycloakSession session) {}\n"
                + "    static void run(KeycloakSessionFactory factory, Function<KeycloakSession, String> work) {}\n"
                + "    public static Other load(KeycloakSession session) {}\n"
                + "    static final class Inner {\n"
                + "        static Inner of(KeycloakSession session) {}\n"
                + "        static Mirror of(KeycloakSession session, String id) {}\n"
                + "    }\n"
                + "    record Found(Set<String> ids) {\n"
                + "        static Found find(KeycloakSession session) {}\n"
                + "    }\n"
                + "}\n";
        assertEquals(List.of("put", "whileMirroring", "form", "load", "of", "find"), sessionEntryPoints(code));
    }

    /** The static, non-private methods taking a session that are not their class's own factory, in order. */
    private static List<String> sessionEntryPoints(String code) {
        List<int[]> bodies = new ArrayList<>();
        List<String> typeNames = new ArrayList<>();
        Matcher t = TYPE.matcher(code);
        while (t.find()) {
            int open = code.indexOf('{', t.end());
            if (open >= 0) {
                bodies.add(new int[] {open, closing(code, open, '{', '}')});
                typeNames.add(t.group(1));
            }
        }
        List<String> found = new ArrayList<>();
        Matcher m = METHOD.matcher(code);
        while (m.find()) {
            List<String> modifiers = List.of(m.group(1).trim().split("\\s+"));
            if (!modifiers.contains("static") || modifiers.contains("private")) {
                continue;
            }
            int open = m.end() - 1;
            String parameters = code.substring(open + 1, closing(code, open, '(', ')'));
            if (parameterTypes(parameters).stream().noneMatch(SESSION::contains)) {
                continue;
            }
            String method = m.group(3);
            String returned = m.group(2).replaceAll("\\s+", "");
            String own = enclosingType(bodies, typeNames, m.start(3));
            if (FACTORY_NAMES.contains(method) && (returned.equals(own) || returned.equals("Optional<" + own + ">"))) {
                continue;
            }
            found.add(method);
        }
        return found;
    }

    /** The innermost type whose body holds the position. */
    private static String enclosingType(List<int[]> bodies, List<String> typeNames, int position) {
        String type = null;
        int start = -1;
        for (int i = 0; i < bodies.size(); i++) {
            int[] body = bodies.get(i);
            if (body[0] < position && position < body[1] && body[0] > start) {
                start = body[0];
                type = typeNames.get(i);
            }
        }
        return type;
    }

    /** The types of a parameter list, annotations and {@code final} left out. */
    private static List<String> parameterTypes(String parameters) {
        List<String> types = new ArrayList<>();
        for (String parameter : splitTopLevel(parameters)) {
            String p = parameter
                    .replaceAll("@[\\w.]+(?:\\s*\\([^)]*\\))?", " ")
                    .replaceAll("\\bfinal\\s+", " ")
                    .trim();
            int name = p.lastIndexOf(' ');
            if (name > 0) {
                types.add(p.substring(0, name).replaceAll("\\s+", ""));
            }
        }
        return types;
    }

    /** The parameters, split at the commas outside generics. */
    private static List<String> splitTopLevel(String parameters) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < parameters.length(); i++) {
            char c = parameters.charAt(i);
            if (c == '<' || c == '(') {
                depth++;
            } else if (c == '>' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(parameters.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(parameters.substring(from));
        return parts;
    }

    /** The position of the bracket closing the one at {@code open} (the code's end if there is none). */
    private static int closing(String code, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return code.length();
    }
}
