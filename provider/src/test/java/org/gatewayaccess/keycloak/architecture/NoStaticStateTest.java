package org.gatewayaccess.keycloak.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 part 3: no static mutable state in the provider. What a node remembers between requests (caches, the
 * link-repair queue, meters made from options) is owned by a provider factory: made in {@code init} from its
 * {@code Config.Scope}, released in {@code close()}, and reached through the session or handed to what the factory
 * creates. A static field outlives the factory (a second Keycloak in the same JVM, a test, a reload) and cannot be
 * configured or released, so the test refuses
 *
 * <ul>
 *   <li>every static field that is not final, and</li>
 *   <li>every static final field whose type holds changing state (a map, set, list, queue, cache, atomic holder,
 *       array, …), unless it is initialised by an immutable factory ({@code Map.of}, {@code List.copyOf},
 *       {@code Collections.unmodifiable…}, …).</li>
 * </ul>
 *
 * A short list of named exceptions, each with its reason, is in {@link #ALLOWED}; the test fails on a stale entry,
 * so the list only shrinks.
 */
class NoStaticStateTest {

    /**
     * A field declaration: modifiers including {@code static}, a type, a name, then {@code =} or {@code ;}. Methods
     * are never matched (a name followed by {@code (}); the type is anything up to the name, generics included.
     */
    private static final Pattern STATIC_FIELD =
            Pattern.compile("(?m)^\\s*((?:(?:public|protected|private|static|final|volatile|transient)\\s+)*)"
                    + "([\\w.$]+(?:\\s*<[^;=(){}]*>)?(?:\\s*\\[\\s*])*)\\s+(\\w+)\\s*(=|;)([^;]*)");

    /** Types whose instances change after they are made (their simple name, generics and package left out). */
    private static final Pattern MUTABLE_TYPE = Pattern.compile(
            "(?:\\w*Map|\\w*Set|\\w*List|Collection|\\w*Queue|\\w*Deque|\\w*Cache|Atomic\\w+|LongAdder|\\w*Builder"
                    + "|ThreadLocal)");

    /** Initialisers that make a container nobody can change. */
    private static final Pattern IMMUTABLE_FACTORY = Pattern.compile(
            "^\\s*(?:java\\.util\\.)?(?:(?:Map|List|Set)\\.(?:of|ofEntries|copyOf)\\b|Collections\\.(?:unmodifiable|empty)\\w*\\b)");

    /** {@code file#field} → why it may stay. */
    static final Map<String, String> ALLOWED = Map.of(
            "realm/GatewayRealmSetup.java#adminRealm",
            "a memo of Keycloak's own start-up constant (Config.getAdminRealm(), fixed for the JVM's life, looked up in "
                    + "Keycloak's configuration on every call otherwise): nothing a factory could configure or release");

    @Test
    void noStaticMutableState() throws IOException {
        Set<String> offenders = new TreeSet<>();
        Set<String> allowedFound = new TreeSet<>();
        for (Path file : MainSources.javaFiles()) {
            Matcher m = STATIC_FIELD.matcher(MainSources.code(file));
            while (m.find()) {
                List<String> modifiers = List.of(m.group(1).trim().split("\\s+"));
                if (!modifiers.contains("static")) {
                    continue;
                }
                String type = m.group(2).replaceAll("\\s+", "");
                String field = MainSources.name(file) + "#" + m.group(3);
                String why = why(modifiers.contains("final"), type, "=".equals(m.group(4)) ? m.group(5) : "");
                if (why == null) {
                    continue;
                }
                if (ALLOWED.containsKey(field)) {
                    allowedFound.add(field);
                } else {
                    offenders.add(field + " (" + why + ": " + type + ")");
                }
            }
        }
        assertTrue(
                offenders.isEmpty(),
                "static mutable state in src/main/java (own it in a provider factory, made in "
                        + "init from its Config.Scope and released in close()):\n  " + String.join("\n  ", offenders));
        Set<String> stale = new TreeSet<>(ALLOWED.keySet());
        stale.removeAll(allowedFound);
        assertTrue(stale.isEmpty(), "no longer static state, remove from ALLOWED: " + stale);
    }

    /** The checker itself, on declarations it must and must not refuse. */
    @Test
    void theCheckerTellsStateFromConstants() {
        assertEquals("not final", why(false, "int", " 3"));
        assertEquals(
                "a mutable container or holder",
                why(true, "ConcurrentHashMap<String,AtomicLong>", " new ConcurrentHashMap<>()"));
        assertEquals("a mutable container or holder", why(true, "Set<Entry>", " ConcurrentHashMap.newKeySet()"));
        assertEquals("a mutable container or holder", why(true, "Cache<Key,Verified>", " build()"));
        assertEquals("an array", why(true, "Duration[]", " new Duration[0]"));
        assertEquals(null, why(true, "Map<String,String>", " Map.of(\"a\", \"b\")"));
        assertEquals(null, why(true, "List<String>", " java.util.List.copyOf(x)"));
        assertEquals(null, why(true, "Set<String>", " Collections.unmodifiableSet(x)"));
        assertEquals(null, why(true, "String", " \"gateway-access\""));
        assertEquals(null, why(true, "Pattern", " Pattern.compile(\"x\")"));
        Matcher m = STATIC_FIELD.matcher(
                "    private static final Map<String, Optional<Asset>> CACHE = new ConcurrentHashMap<>();\n"
                        + "    static Optional<Asset> find(String name) {\n");
        assertTrue(m.find());
        assertEquals("CACHE", m.group(3));
        assertTrue(!m.find(), "a method is no field");
    }

    /** Why the field is state, or null if it is a constant. */
    private static String why(boolean isFinal, String type, String initialiser) {
        if (!isFinal) {
            return "not final";
        }
        if (type.endsWith("]")) {
            return "an array";
        }
        String raw = type.replaceAll("<.*", "");
        raw = raw.substring(raw.lastIndexOf('.') + 1);
        if (MUTABLE_TYPE.matcher(raw).matches()
                && !IMMUTABLE_FACTORY.matcher(initialiser).find()) {
            return "a mutable container or holder";
        }
        return null;
    }
}
