package org.gatewayaccess.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/openapi.yaml} true: its operations are exactly the JAX-RS resource methods
 * reached from {@link GatewayAccessResource} (catch-all 404 paths aside), with the same path and
 * query parameters and request bodies; every operation declares 401 and every error uses the
 * {@code Error} schema (an operation declared public with {@code security: []} answers no 401); and each operation answers exactly the statuses the API page's table
 * ({@code docs/api.md}, section {@code ## Endpoints}) lists for it (plus 401 and 500, which every endpoint can answer).
 */
class OpenApiDocumentTest {

    /** Surefire runs in the provider module's folder (provider/). */
    private static final java.nio.file.Path DOCUMENT = java.nio.file.Path.of("..", "docs", "openapi.yaml");
    /** The full endpoint table moved from the README to the API page; the README keeps a short API section linking it. */
    private static final java.nio.file.Path API_PAGE = java.nio.file.Path.of("..", "docs", "api.md");

    private static final String API_TABLE_SECTION = "## Endpoints";
    private static final java.nio.file.Path README = java.nio.file.Path.of("..", "README.md");

    private static final Set<String> HTTP_METHODS =
            Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    /** Answered by every endpoint: no valid token, and a request that failed on the server. */
    private static final Set<String> EVERY_ENDPOINT = Set.of("401", "500");

    private static final String ERROR_SCHEMA = "#/components/schemas/Error";

    /** A row of the API page's endpoint table: {@code | `GET /pools/{id}` | 200, 400, 403, 404 | who | notes |}. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([A-Z]+) (/[^`?]*)(\\?[^`]*)?` \\| ([^|]*) \\|");

    private static final Pattern STATUS = Pattern.compile("\\b[1-5]\\d\\d\\b");

    /** One HTTP operation: method and full path template under the base, e.g. {@code GET /pools/{id}}. */
    record Operation(String method, String path) implements Comparable<Operation> {
        @Override
        public int compareTo(Operation other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static Map<Operation, Method> code;
    private static JsonNode document;
    private static Map<Operation, JsonNode> documented;

    @BeforeAll
    static void load() throws IOException {
        code = new TreeMap<>();
        walk(GatewayAccessResource.class, "", new LinkedHashSet<>());
        assertTrue(
                Files.isRegularFile(DOCUMENT),
                DOCUMENT.toAbsolutePath() + " is missing (the test runs in the repository root)");
        document = new YAMLMapper().readTree(DOCUMENT.toFile());
        documented = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (HTTP_METHODS.contains(key)) {
                    documented.put(
                            new Operation(key.toUpperCase(), path.getKey()),
                            path.getValue().get(key));
                }
            }
        }
    }

    @Test
    void documentsExactlyTheEndpointsTheCodeServes() {
        Set<Operation> undocumented = new TreeSet<>(code.keySet());
        undocumented.removeAll(documented.keySet());
        Set<Operation> notServed = new TreeSet<>(documented.keySet());
        notServed.removeAll(code.keySet());
        assertTrue(
                undocumented.isEmpty() && notServed.isEmpty(),
                "docs/openapi.yaml and the JAX-RS resources differ.\n  served but not documented: " + undocumented
                        + "\n  documented but not served: " + notServed);
    }

    @Test
    void parametersAndBodiesMatchTheCode() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Operation, Method> entry : code.entrySet()) {
            Operation op = entry.getKey();
            JsonNode operation = documented.get(op);
            if (operation == null) {
                continue; // reported by documentsExactlyTheEndpointsTheCodeServes
            }
            JsonNode pathItem = document.path("paths").path(op.path());
            Set<String> pathParams = new TreeSet<>();
            Set<String> queryParams = new TreeSet<>();
            for (JsonNode parameters : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
                for (JsonNode parameter : parameters) {
                    JsonNode p = resolve(parameter);
                    String in = p.path("in").asText();
                    if (in.equals("path")) {
                        pathParams.add(p.path("name").asText());
                        if (!p.path("required").asBoolean()) {
                            problems.add(
                                    op + ": path parameter '" + p.path("name").asText() + "' must be required: true");
                        }
                    } else if (in.equals("query")) {
                        queryParams.add(p.path("name").asText());
                    }
                }
            }
            if (!pathParams.equals(templateParameters(op.path()))) {
                problems.add(
                        op + ": path parameters " + pathParams + ", the template has " + templateParameters(op.path()));
            }
            Set<String> codeQuery = Arrays.stream(entry.getValue().getParameters())
                    .map(p -> p.getAnnotation(QueryParam.class))
                    .filter(q -> q != null)
                    .map(QueryParam::value)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!queryParams.equals(codeQuery)) {
                problems.add(op + ": query parameters " + queryParams + ", the code reads " + codeQuery);
            }
            boolean codeTakesBody =
                    Arrays.stream(entry.getValue().getParameters()).anyMatch(OpenApiDocumentTest::isEntity);
            if (codeTakesBody != operation.has("requestBody")) {
                problems.add(op
                        + (codeTakesBody
                                ? ": the code reads a body, the document declares none"
                                : ": the document declares a body the code does not read"));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyOperationAnswers401AndEveryErrorIsTheErrorShape() {
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        documented.forEach((op, operation) -> {
            JsonNode responses = operation.path("responses");
            if (!operationIds.add(operation.path("operationId").asText(op.toString()))) {
                problems.add(
                        op + ": operationId '" + operation.path("operationId").asText() + "' is used twice");
            }
            if (isPublic(operation)) {
                if (responses.has("401")) {
                    problems.add(op + ": declared public (security: []) but answers 401");
                }
            } else if (!responses.has("401")) {
                problems.add(op + ": no 401 response");
            } else if (!resolve(responses.get("401")).path("headers").has("WWW-Authenticate")) {
                problems.add(op + ": the 401 response does not declare the WWW-Authenticate header");
            }
            for (Iterator<String> statuses = responses.fieldNames(); statuses.hasNext(); ) {
                String status = statuses.next();
                if (status.compareTo("400") >= 0) {
                    JsonNode schema = resolve(responses.get(status))
                            .path("content")
                            .path("application/json")
                            .path("schema");
                    if (!ERROR_SCHEMA.equals(schema.path("$ref").asText())) {
                        problems.add(op + ": response " + status + " is not an application/json " + ERROR_SCHEMA);
                    }
                }
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void answersTheStatusesTheApiPageLists() throws IOException {
        Map<Operation, Set<String>> table = apiPageTable();
        assertFalse(table.isEmpty(), "no rows found in the table of " + API_PAGE + ", " + API_TABLE_SECTION);
        Map<Operation, Operation> byShape = new TreeMap<>();
        documented.keySet().forEach(op -> byShape.put(shape(op), op));
        List<String> problems = new ArrayList<>();
        table.forEach((row, statuses) -> {
            Operation op = byShape.get(shape(row));
            if (op == null) {
                problems.add(API_PAGE + " lists " + row + ", which docs/openapi.yaml does not document");
                return;
            }
            Set<String> answered = new TreeSet<>();
            documented.get(op).path("responses").fieldNames().forEachRemaining(answered::add);
            Set<String> expected = new TreeSet<>(statuses);
            expected.addAll(EVERY_ENDPOINT);
            if (isPublic(documented.get(op))) {
                expected.remove("401"); // needs no token
            }
            if (!answered.equals(expected)) {
                problems.add(op + ": " + API_PAGE + " lists " + new TreeSet<>(statuses) + " (+ "
                        + new TreeSet<>(EVERY_ENDPOINT) + " for every endpoint), the document answers " + answered);
            }
        });
        // every operation that can succeed is in the API page's table (only error-only paths, such as GET /resources,
        // may be missing)
        Set<Operation> rows =
                table.keySet().stream().map(OpenApiDocumentTest::shape).collect(Collectors.toSet());
        documented.forEach((op, operation) -> {
            boolean succeeds = false;
            for (Iterator<String> statuses = operation.path("responses").fieldNames(); statuses.hasNext(); ) {
                succeeds |= statuses.next().startsWith("2");
            }
            if (succeeds && !rows.contains(shape(op))) {
                problems.add(op + " is not in the table of " + API_PAGE);
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void serverSecurityAndReferencesAreSound() {
        assertEquals(
                "{baseUrl}/realms/{realm}/gateway-access",
                document.path("servers").path(0).path("url").asText());
        JsonNode scheme = document.path("components").path("securitySchemes").path("bearerAuth");
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        assertTrue(document.path("security").path(0).has("bearerAuth"), "bearer security applies to every operation");
        JsonNode error = document.path("components").path("schemas").path("Error");
        Set<String> required = new TreeSet<>();
        error.path("required").forEach(name -> required.add(name.asText()));
        assertEquals(Set.of("error", "errorMessage"), required);
        List<String> dangling = new ArrayList<>();
        checkReferences(document, dangling);
        assertTrue(dangling.isEmpty(), "references that lead nowhere: " + dangling);
    }

    @Test
    void theWalkFindsTheResourceMethods() {
        // a guard for the walk itself: these must be reached through their locators
        assertTrue(
                code.containsKey(new Operation("GET", "/pools/{id}/viewers")),
                code.keySet().toString());
        assertTrue(
                code.containsKey(new Operation("POST", "/check/batch")),
                code.keySet().toString());
        assertTrue(
                code.containsKey(new Operation("DELETE", "/resources/{type}/{id}/grants")),
                code.keySet().toString());
        assertTrue(
                code.keySet().stream().noneMatch(op -> op.path().contains("unknown")),
                "catch-all paths are not endpoints");
    }

    // --- the code ------------------------------------------------------------------------------

    /** Collects the resource methods of {@code type} under {@code prefix}, following sub-resource locators. */
    private static void walk(Class<?> type, String prefix, Set<Class<?>> enclosing) {
        for (Method method : type.getMethods()) {
            Path path = method.getAnnotation(Path.class);
            String http = httpMethod(method);
            if (path == null && http == null) {
                continue;
            }
            if (path != null && isCatchAll(path.value())) {
                continue;
            }
            String full = join(prefix, path == null ? "" : path.value());
            if (http != null) {
                Operation op = new Operation(http, full);
                assertNull(code.put(op, method), "two methods serve " + op);
            } else {
                Class<?> sub = method.getReturnType();
                // unknown paths, and the access console: a web page and its files, not part of the JSON API
                if (sub == NotFoundResource.class || sub == org.gatewayaccess.keycloak.rest.ConsoleResource.class) {
                    continue;
                }
                assertTrue(enclosing.add(sub), "locator cycle through " + sub.getName());
                walk(sub, full, enclosing);
                enclosing.remove(sub);
            }
        }
    }

    /** {@code GET}, {@code POST}, … from any annotation that is itself annotated {@link HttpMethod}. */
    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The paths {@link NotFoundResource} serves: {@code {unknown: .*}} and the like. */
    private static boolean isCatchAll(String template) {
        return template.replace(" ", "").contains("{unknown");
    }

    /** An entity parameter: one without any JAX-RS annotation ({@code @PathParam}, {@code @QueryParam}, {@code @Context}, …). */
    private static boolean isEntity(Parameter parameter) {
        return Arrays.stream(parameter.getAnnotations())
                .noneMatch(a -> a.annotationType().getPackageName().startsWith("jakarta.ws.rs"));
    }

    /** {@code "pools"} + {@code "{id: [^/]+}/viewers/"} → {@code "/pools/{id}/viewers"}. */
    private static String join(String prefix, String template) {
        StringBuilder out = new StringBuilder(prefix);
        for (String segment : withoutRegexes(template).split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(segment);
            }
        }
        return out.toString();
    }

    /** {@code {name: regex}} → {@code {name}}, counting braces inside the regex. */
    private static String withoutRegexes(String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int depth = 0;
            int end = i;
            for (; end < template.length(); end++) {
                char d = template.charAt(end);
                depth += d == '{' ? 1 : d == '}' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            String inside = template.substring(i + 1, end);
            int colon = inside.indexOf(':');
            out.append('{')
                    .append((colon < 0 ? inside : inside.substring(0, colon)).trim())
                    .append('}');
            i = end + 1;
        }
        return out.toString();
    }

    private static Set<String> templateParameters(String path) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    // --- the document and the API page--------------------------------------------------------

    /** A node, or what its {@code $ref} points to (local references only). */
    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 10; hops++) {
            String ref = current.get("$ref").asText();
            assertTrue(ref.startsWith("#/"), "only local references are supported: " + ref);
            current = document.at(ref.substring(1));
            assertFalse(current.isMissingNode(), "dangling reference " + ref);
        }
        return current;
    }

    private static void checkReferences(JsonNode node, List<String> dangling) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null
                    && ref.isTextual()
                    && (!ref.asText().startsWith("#/")
                            || document.at(ref.asText().substring(1)).isMissingNode())) {
                dangling.add(ref.asText());
            }
        }
        node.forEach(child -> checkReferences(child, dangling));
    }

    /**
     * The rows of the table in the API page's {@code ## Endpoints} section: operation → the statuses of its second
     * column. The section must be there exactly once, so that moving or renaming it fails here instead of checking nothing.
     */
    private static Map<Operation, Set<String>> apiPageTable() throws IOException {
        Map<Operation, Set<String>> rows = new TreeMap<>();
        List<String> lines = Files.readAllLines(API_PAGE);
        assertEquals(
                1,
                lines.stream().filter(API_TABLE_SECTION::equals).count(),
                API_PAGE + " must have exactly one section " + API_TABLE_SECTION + " (the endpoint table)");
        boolean inTable = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inTable = line.equals(API_TABLE_SECTION);
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (inTable && row.find()) {
                Set<String> statuses = new TreeSet<>();
                Matcher status = STATUS.matcher(row.group(4));
                while (status.find()) {
                    statuses.add(status.group());
                }
                Operation op = new Operation(row.group(1), row.group(2).strip());
                assertNull(rows.put(op, statuses), API_PAGE + " lists " + op + " twice");
            }
        }
        return rows;
    }

    /**
     * The README keeps a short {@code ## API} section (the developers' guide: it follows every change) that links the
     * full table; the table itself is not repeated there, so that there is one list of statuses to keep true.
     */
    @Test
    void theReadmesApiSectionLinksTheApiPageAndRepeatsNoTable() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf("## API");
        assertTrue(start >= 0, "the README has no section ## API");
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        String section = String.join("\n", lines.subList(start, end));
        assertTrue(section.contains("](docs/api.md)"), "the README's API section links docs/api.md:\n" + section);
        assertTrue(
                section.contains("](docs/openapi.yaml)"),
                "the README's API section links docs/openapi.yaml:\n" + section);
        assertFalse(
                lines.stream().anyMatch(line -> TABLE_ROW.matcher(line).find()),
                "the README repeats rows of the endpoint table; they belong in " + API_PAGE);
    }

    /** An operation that needs no token ({@code security: []}, the AuthZEN metadata): it cannot answer 401. */
    private static boolean isPublic(JsonNode operation) {
        JsonNode security = operation.get("security");
        return security != null && security.isArray() && security.isEmpty();
    }

    /** The operation with its path parameters unnamed, since the API page's prose may name them differently. */
    private static Operation shape(Operation op) {
        return new Operation(op.method(), op.path().replaceAll("\\{[^}]*}", "{}"));
    }
}
