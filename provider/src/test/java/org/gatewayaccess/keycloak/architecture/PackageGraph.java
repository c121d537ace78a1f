package org.gatewayaccess.keycloak.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The graph of the extension's packages, read from the source imports: package {@code a} uses package {@code b} when a
 * class of {@code a} names a class of {@code b} by its qualified name (an import, a static import, or a qualified name in
 * the code; comments and string literals do not count). Each edge keeps one class edge as its witness
 * ({@code ConfigUpdate -> SyncService}), so that a failure names the classes to look at.
 *
 * <p>Two checks: {@link #cycles()} (no package may reach itself) and {@link #upwardEdges(List)} (a package uses only
 * packages of its own layer or of a lower one).
 */
final class PackageGraph {

    /** One package edge and the first class edge (in name order) that makes it. */
    record Edge(String from, String to, String fromClass, String toClass) {
        @Override
        public String toString() {
            return from + " -> " + to + " (" + fromClass + " -> " + toClass + ")";
        }
    }

    /** A strongly connected set of packages (each reaches every other) and one closed walk through some of them. */
    record Cycle(Set<String> packages, List<Edge> walk) {}

    private final Map<String, Map<String, Edge>> edges = new TreeMap<>();

    /** Adds a class edge; the first one seen (in class name order) is kept as the package edge's witness. */
    PackageGraph add(String fromPackage, String fromClass, String toPackage, String toClass) {
        edges.computeIfAbsent(toPackage, p -> new TreeMap<>());
        if (fromPackage.equals(toPackage)) {
            edges.computeIfAbsent(fromPackage, p -> new TreeMap<>());
            return this;
        }
        Edge candidate = new Edge(fromPackage, toPackage, fromClass, toClass);
        edges.computeIfAbsent(fromPackage, p -> new TreeMap<>())
                .merge(
                        toPackage,
                        candidate,
                        (a, b) -> (a.fromClass() + a.toClass()).compareTo(b.fromClass() + b.toClass()) <= 0 ? a : b);
        return this;
    }

    PackageGraph addPackage(String name) {
        edges.computeIfAbsent(name, p -> new TreeMap<>());
        return this;
    }

    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");
    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\".*?\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"");
    private static final Pattern CHAR = Pattern.compile("'(?:\\\\.|[^'\\\\\\n])+'");

    /**
     * Reads every {@code .java} file under {@code sourceRoot} (the folder of {@code basePackage}). A file's package is
     * the first folder below the root; a file directly in the root belongs to the package {@code ""}.
     */
    static PackageGraph fromSources(Path sourceRoot, String basePackage) {
        Pattern reference =
                Pattern.compile("\\b" + Pattern.quote(basePackage) + "\\.([a-z_][a-z0-9_]*)\\.(\\*|[A-Z]\\w*)");
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Path relative = sourceRoot.relativize(file);
                String pkg = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                String cls = file.getFileName().toString().replace(".java", "");
                graph.addPackage(pkg);
                String code = Files.readString(file);
                // literals first (a "//" or "/*" inside a string is no comment), then comments
                code = TEXT_BLOCK.matcher(code).replaceAll("\"\"");
                code = STRING.matcher(code).replaceAll("\"\"");
                code = CHAR.matcher(code).replaceAll("' '");
                code = BLOCK_COMMENT.matcher(code).replaceAll(" ");
                code = LINE_COMMENT.matcher(code).replaceAll(" ");
                Matcher m = reference.matcher(code);
                while (m.find()) {
                    graph.add(pkg, cls, m.group(1), m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    Set<String> packages() {
        return edges.keySet();
    }

    List<Edge> edges() {
        return edges.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /**
     * The package cycles: one per strongly connected component of more than one package, each with a closed walk
     * through that component ({@code a -> b -> a}, with a class edge for each step). Empty when the graph is acyclic.
     */
    List<Cycle> cycles() {
        List<Cycle> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnectedComponents()) {
            if (component.size() > 1) {
                cycles.add(new Cycle(component, cycleThrough(component)));
            }
        }
        return cycles;
    }

    /** Tarjan's algorithm, iterative over a small graph; components come back sorted by their first package. */
    private List<Set<String>> stronglyConnectedComponents() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String start : edges.keySet()) {
            if (!index.containsKey(start)) {
                strongConnect(start, index, low, stack, onStack, components, counter);
            }
        }
        components.sort((a, b) -> a.iterator().next().compareTo(b.iterator().next()));
        return components;
    }

    private void strongConnect(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> components,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, index, low, stack, onStack, components, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }

    /** A shortest walk from the component's first package back to itself, staying inside the component. */
    private List<Edge> cycleThrough(Set<String> component) {
        String start = component.iterator().next();
        Map<String, Edge> reachedBy = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (Edge e : edges.getOrDefault(v, Map.of()).values()) {
                if (!component.contains(e.to()) || reachedBy.containsKey(e.to())) {
                    continue;
                }
                reachedBy.put(e.to(), e);
                if (e.to().equals(start)) {
                    List<Edge> walk = new ArrayList<>();
                    for (Edge step = e; ; step = reachedBy.get(step.from())) {
                        walk.add(0, step);
                        if (step.from().equals(start)) {
                            return walk;
                        }
                    }
                }
                queue.add(e.to());
            }
        }
        throw new IllegalStateException("no cycle through " + component); // a component of two or more always has one
    }

    /**
     * Edges that run against the layer order ({@code layers}, bottom first): a package may use packages of its own
     * layer and of lower layers only. A package in no layer is reported as an edge to itself with the class
     * {@code "(in no layer)"}, so that a new package must be placed before it passes.
     */
    List<Edge> upwardEdges(List<Set<String>> layers) {
        Map<String, Integer> layerOf = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (String p : layers.get(i)) {
                Integer before = layerOf.put(p, i);
                if (before != null) {
                    throw new IllegalArgumentException("package " + p + " is in layers " + before + " and " + i);
                }
            }
        }
        List<Edge> wrong = new ArrayList<>();
        for (String p : edges.keySet()) {
            if (!layerOf.containsKey(p)) {
                wrong.add(new Edge(p, p, "(in no layer)", "(in no layer)"));
            }
        }
        for (Edge e : edges()) {
            Integer from = layerOf.get(e.from());
            Integer to = layerOf.get(e.to());
            if (from != null && to != null && to > from) {
                wrong.add(e);
            }
        }
        return wrong;
    }

    /** For a failure message: one line per cycle. */
    static String describe(List<Cycle> cycles) {
        StringBuilder text = new StringBuilder();
        for (Cycle cycle : cycles) {
            text.append("\n  ")
                    .append(cycle.packages().size())
                    .append(" packages in one cycle ")
                    .append(cycle.packages())
                    .append(", for instance:");
            cycle.walk().forEach(e -> text.append("\n    ").append(e));
        }
        return text.toString();
    }
}
