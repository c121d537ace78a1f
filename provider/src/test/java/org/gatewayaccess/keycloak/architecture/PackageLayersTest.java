package org.gatewayaccess.keycloak.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extension's packages form no cycle, and each uses only packages of its own layer or of lower ones
 * (docs/architecture.md explains the layers). A failure names the packages and one class edge of each step: move the
 * class to the package of its layer, or let the lower layer announce what happened (a Keycloak {@code ProviderEvent},
 * as {@code pool/PoolChangedEvent} does) instead of calling up.
 */
class PackageLayersTest {

    /** Surefire runs in the provider module's folder (provider/). */
    private static final Path SOURCES = Path.of("src", "main", "java", "org", "gatewayaccess", "keycloak");

    /** Bottom first. A package may use its own layer and the layers below it, never one above. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of(
                    "model",
                    "json",
                    "metrics",
                    "realm",
                    "representation"), // values, names, the API's bodies, the realm's transaction helper
            Set.of("storage", "cache"), // the store (SPI, JPA entities and their queries); the node's caches
            Set.of("boundary", "audit", "authz"), // the delegation rules, admin events, access decisions
            Set.of("config", "grant"), // the configuration document, the grant store
            Set.of("membership"), // gateway groups and their memberships
            Set.of("gatewayrole", "pool", "resource", "authzen"), // domain services
            Set.of("sync", "pending", "migration"), // jobs and flows over the domain services
            Set.of("adminconsole"), // the admin console's pages and their component mirrors
            Set.of("auth", "console", "token"), // callers, the admin client scope, the console's client, token claims
            Set.of("setup"), // what the extension creates in a realm it meets
            Set.of("events"), // Keycloak event listeners
            Set.of("rest")); // the REST API (and the access console it serves)

    private static PackageGraph graph;

    @BeforeAll
    static void read() {
        assertTrue(
                Files.isDirectory(SOURCES),
                SOURCES.toAbsolutePath() + " is missing (the test runs in the repository root)");
        graph = PackageGraph.fromSources(SOURCES, "org.gatewayaccess.keycloak");
    }

    @Test
    void theSourcesAreRead() {
        // a guard against a checker that reads nothing and so finds nothing wrong
        assertTrue(
                graph.packages().containsAll(Set.of("model", "membership", "rest")),
                "packages read: " + graph.packages());
        assertTrue(
                graph.edges().size() > 50,
                "package edges read: " + graph.edges().size());
    }

    @Test
    void noPackageCycle() {
        List<PackageGraph.Cycle> cycles = graph.cycles();
        assertTrue(cycles.isEmpty(), "package cycles in org.gatewayaccess.keycloak:" + PackageGraph.describe(cycles));
    }

    @Test
    void noPackageUsesAHigherLayer() {
        List<PackageGraph.Edge> upward = graph.upwardEdges(LAYERS);
        StringBuilder text = new StringBuilder();
        upward.forEach(e -> text.append("\n  ").append(e));
        assertTrue(upward.isEmpty(), "package edges against the layer order (PackageLayersTest.LAYERS):" + text);
    }

    @Test
    void everyLayeredPackageExists() {
        // a renamed or removed package leaves its name behind in LAYERS
        Set<String> stale = new TreeSet<>();
        LAYERS.forEach(stale::addAll);
        stale.removeAll(graph.packages());
        assertTrue(stale.isEmpty(), "in PackageLayersTest.LAYERS but not in the sources: " + stale);
    }
}
