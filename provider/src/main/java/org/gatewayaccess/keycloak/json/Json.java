package org.gatewayaccess.keycloak.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.gatewayaccess.keycloak.model.GatewayAccessException;

/**
 * Strict reading of request bodies and writing of responses. Bodies are parsed here
 * rather than bound by JAX-RS so that wrong types are refused instead of coerced
 * ({@code {"name": 123}} is a 400) and every refusal carries the contract's error body.
 */
public final class Json {

    /** Longest name the contract accepts. */
    public static final int MAX_NAME = 255;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final TypeReference<LinkedHashMap<String, Object>> AS_MAP = new TypeReference<>() {};

    private Json() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A writer for one response type, built once and kept by the caller: Jackson's writers are immutable and thread-safe,
     * and one bound to its type skips the per-call serializer lookup (the hot {@code /check} path keeps its own).
     */
    public static ObjectWriter writerFor(Class<?> type) {
        return MAPPER.writerFor(type);
    }

    public static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A body as the JSON object it writes, as a map in field order, for an admin event's representation. Keycloak writes
     * representations with its own mapper, which leaves a map's {@code null} entries out: given the map (not the record,
     * whose {@code @JsonInclude} would keep them), an admin event records exactly what it recorded when the API built
     * its bodies as maps.
     */
    public static Map<String, Object> asMap(Object value) {
        return MAPPER.convertValue(value, AS_MAP);
    }

    /** Indented, for people to read and edit (the admin console's configuration tab). */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as a JSON object, or 400. */
    public static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw GatewayAccessException.badRequest(
                    "invalid_request", "A JSON object is required as the request body.");
        }
        JsonNode node = parse(body, "The request body");
        if (node == null || !node.isObject()) {
            throw GatewayAccessException.badRequest("invalid_request", "The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /** Strictly parsed JSON, or 400 {@code malformed_json} saying that {@code what} is not valid JSON. */
    public static JsonNode parse(String text, String what) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw GatewayAccessException.badRequest("malformed_json", what + " is not valid JSON.");
        }
    }

    /** Refuses fields the endpoint does not know, so that a misspelt field is not silently ignored. */
    public static void onlyFields(ObjectNode body, Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw GatewayAccessException.badRequest("unknown_field", "Unknown field '" + shorten(name) + "'.");
            }
        }
    }

    public static String requiredString(ObjectNode body, String field, int maxLength) {
        String value = optionalString(body, field, maxLength);
        if (value == null) {
            throw GatewayAccessException.badRequest("missing_field", "Field '" + field + "' is required.");
        }
        if (value.isBlank()) {
            throw GatewayAccessException.badRequest("invalid_value", "Field '" + field + "' must not be blank.");
        }
        return value;
    }

    /** A string field, or null when absent or JSON null. No coercion from numbers, booleans, arrays or objects. */
    public static String optionalString(ObjectNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw GatewayAccessException.badRequest("invalid_type", "Field '" + field + "' must be a string.");
        }
        String value = node.textValue();
        if (value.length() > maxLength) {
            throw GatewayAccessException.badRequest(
                    "too_long", "Field '" + field + "' is longer than " + maxLength + " characters.");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
            throw GatewayAccessException.badRequest(
                    "invalid_value", "Field '" + field + "' contains control characters.");
        }
        return value;
    }

    private static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
