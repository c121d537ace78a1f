package org.gatewayaccess.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations {@code docs/openapi.yaml} declares ({@code GET /pools/{id}}, …), read at test time so that the
 * security tests cover an endpoint as soon as it is documented (OpenApiDocumentTest keeps the document equal to the
 * JAX-RS resources). The access console's static files ({@code console/…}) are not in it: public by design.
 */
public final class OpenApiOperations {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /**
     * One operation: method in upper case, path template under the base, e.g. {@code PUT /pools/{id}}, and whether
     * it reads a request body (an operation without one ignores whatever body is sent).
     */
    public record Operation(String method, String path, boolean hasBody) {
        public String key() {
            return method + " " + path;
        }

        /** The names of the path template's parameters, in order. */
        public List<String> parameters() {
            List<String> names = new ArrayList<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        public boolean mutating() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }
    }

    private OpenApiOperations() {}

    public static List<Operation> all() {
        Path document = ItSettings.projectRoot().resolve("docs/openapi.yaml");
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(document.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + document, e);
        }
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(op -> {
                if (METHODS.contains(op.getKey())) {
                    operations.add(new Operation(
                            op.getKey().toUpperCase(),
                            path.getKey(),
                            op.getValue().has("requestBody")));
                }
            });
        }
        if (operations.size() < 20) {
            throw new IllegalStateException(
                    "only " + operations.size() + " operations in " + document + ": not the API's document?");
        }
        return operations;
    }
}
