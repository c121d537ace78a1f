package org.gatewayaccess.keycloak.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker behind {@link PackageLayersTest}, on small fake graphs: it must find what is wrong, and only that. */
class PackageGraphTest {

    @Test
    void anAcyclicGraphHasNoCycle() {
        PackageGraph graph = new PackageGraph()
                .add("rest", "Endpoint", "membership", "GatewayGroups")
                .add("membership", "GatewayGroups", "config", "GatewayConfig")
                .add("rest", "Endpoint", "config", "GatewayConfig");
        assertEquals(List.of(), graph.cycles());
    }

    @Test
    void aCycleIsNamedWithItsPackagesAndOneClassEdgeEach() {
        PackageGraph graph = new PackageGraph()
                .add("config", "GatewayConfig", "realm", "GatewayRealmSetup")
                .add("realm", "GatewayRealmSetup", "membership", "MembershipSeeding")
                .add("membership", "MembershipSeeding", "config", "GatewayConfig")
                .add("membership", "GatewayGroups", "config", "GatewayConfigStore")
                .add("rest", "Endpoint", "config", "GatewayConfig");
        List<PackageGraph.Cycle> cycles = graph.cycles();
        assertEquals(1, cycles.size());
        assertEquals(Set.of("config", "membership", "realm"), cycles.get(0).packages());
        assertEquals(
                List.of(
                        new PackageGraph.Edge("config", "realm", "GatewayConfig", "GatewayRealmSetup"),
                        new PackageGraph.Edge("realm", "membership", "GatewayRealmSetup", "MembershipSeeding"),
                        new PackageGraph.Edge("membership", "config", "GatewayGroups", "GatewayConfigStore")),
                cycles.get(0).walk());
        String text = PackageGraph.describe(cycles);
        assertTrue(text.contains("3 packages in one cycle [config, membership, realm]"), text);
        assertTrue(text.contains("config -> realm (GatewayConfig -> GatewayRealmSetup)"), text);
    }

    @Test
    void twoSeparateCyclesAreBothReported() {
        PackageGraph graph = new PackageGraph()
                .add("a", "A", "b", "B")
                .add("b", "B", "a", "A")
                .add("c", "C", "d", "D")
                .add("d", "D", "c", "C")
                .add("b", "B", "c", "C");
        List<PackageGraph.Cycle> cycles = graph.cycles();
        assertEquals(
                List.of(Set.of("a", "b"), Set.of("c", "d")),
                cycles.stream().map(PackageGraph.Cycle::packages).toList());
    }

    @Test
    void anUpwardEdgeIsFoundBeforeItClosesACycle() {
        PackageGraph graph = new PackageGraph()
                .add("rest", "Endpoint", "model", "Ids")
                .add("model", "Ids", "rest", "Endpoint") // a cycle too, but the layer check must see it alone
                .add("storage", "GaGrantEntity", "rest", "Endpoint");
        List<Set<String>> layers = List.of(Set.of("model"), Set.of("storage"), Set.of("rest"));
        assertEquals(
                List.of(
                        new PackageGraph.Edge("model", "rest", "Ids", "Endpoint"),
                        new PackageGraph.Edge("storage", "rest", "GaGrantEntity", "Endpoint")),
                graph.upwardEdges(layers));
        PackageGraph acyclicButUpward = new PackageGraph().add("storage", "GaGrantEntity", "rest", "Endpoint");
        assertEquals(List.of(), acyclicButUpward.cycles());
        assertEquals(1, acyclicButUpward.upwardEdges(layers).size());
    }

    @Test
    void aPackageInNoLayerIsReported() {
        PackageGraph graph = new PackageGraph().add("rest", "Endpoint", "shiny", "NewThing");
        List<PackageGraph.Edge> wrong = graph.upwardEdges(List.of(Set.of("rest")));
        assertEquals(List.of(new PackageGraph.Edge("shiny", "shiny", "(in no layer)", "(in no layer)")), wrong);
    }

    @Test
    void sourcesAreReadFromImportsAndQualifiedNamesButNotFromCommentsOrStrings(@TempDir Path root) throws IOException {
        write(root, "a/A.java", """
            package org.example.a;
            import org.example.b.B;
            import static org.example.c.C.NAME;
            /** Mentions {@link org.example.d.D} only in a comment. */
            class A {
                // org.example.d.D in a line comment
                String s = "org.example.d.D in a string";
                Object e = new org.example.e.E();
            }
            """);
        write(root, "b/B.java", "package org.example.b;\nimport org.example.a.*;\nclass B {}\n");
        write(root, "c/C.java", "package org.example.c;\nclass C { static final String NAME = \"c\"; }\n");
        write(root, "d/D.java", "package org.example.d;\nclass D {}\n");
        write(root, "e/E.java", "package org.example.e;\nclass E {}\n");
        PackageGraph graph = PackageGraph.fromSources(root, "org.example");
        assertEquals(Set.of("a", "b", "c", "d", "e"), graph.packages());
        assertEquals(
                List.of(
                        new PackageGraph.Edge("a", "b", "A", "B"),
                        new PackageGraph.Edge("a", "c", "A", "C"),
                        new PackageGraph.Edge("a", "e", "A", "E"),
                        new PackageGraph.Edge("b", "a", "B", "*")),
                graph.edges());
        assertEquals(Set.of("a", "b"), graph.cycles().get(0).packages());
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}
