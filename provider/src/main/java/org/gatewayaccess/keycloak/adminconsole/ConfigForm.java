package org.gatewayaccess.keycloak.adminconsole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The admin console's Gateway Access tab as form fields, and the way between those fields and the
 * configuration document of {@code GET/PUT /config}. Pure: the document is validated by
 * {@code GatewayConfigParser} afterwards, exactly as {@code PUT /config} validates it.
 *
 * <p>Keycloak's declarative UI has single-value pickers (group, role) but no repeatable group of
 * fields, so a list of (role, group, mode) rows is a fixed number of slots; what does not fit the
 * slots (more gateway roles, role mappings or provider-mapping groups than there are slots) is
 * carried by the one JSON field {@link #MORE}, which is otherwise empty.
 */
public final class ConfigForm {

    public static final int GATEWAY_ROLE_SLOTS = 5;
    public static final int ROLE_MAPPING_SLOTS = 8;
    public static final int PROVIDER_MAPPING_SLOTS = 4;

    public static final String ADMINS = "adminsGroup";
    public static final String READ_ONLY_ADMINS = "readOnlyAdminsGroup";
    public static final String USERS = "usersGroup";
    public static final String POOLS_DISCOVERABLE = "poolsDiscoverable";
    public static final String DISCOVERY_GROUP = "discoveryGroup";
    public static final String PENDING_ENABLED = "pendingApprovalEnabled";
    public static final String PENDING_PROVIDERS = "pendingApprovalProviders";
    public static final String PROMOTION = "adminPromotionRequiresRealmAdmin";
    public static final String CLIENT_SCOPE = "adminClientScopeRequired";
    public static final String MORE = "more";

    private static final Set<String> MORE_FIELDS = Set.of("gatewayRoles", "roleMappings", "identityProviderMappings");

    private ConfigForm() {}

    public static String gatewayRole(int slot) {
        return "gatewayRole" + slot;
    }

    public static String mappingRole(int slot) {
        return "roleMapping" + slot + "Role";
    }

    public static String mappingGroup(int slot) {
        return "roleMapping" + slot + "Group";
    }

    public static String mappingMode(int slot) {
        return "roleMapping" + slot + "Mode";
    }

    public static String providerGroup(int slot) {
        return "providerMapping" + slot + "Group";
    }

    public static String providerAliases(int slot) {
        return "providerMapping" + slot + "Providers";
    }

    /** The fields, in the order the admin console shows them. */
    public static List<ProviderConfigProperty> properties() {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create();
        group(b, ADMINS, "Admins group", "gatewayGroups.admins: members are gateway admins.");
        group(
                b,
                READ_ONLY_ADMINS,
                "Read-only admins group",
                "gatewayGroups.readOnlyAdmins: members are read-only admins.");
        group(b, USERS, "Users group", "gatewayGroups.users: members are gateway users.");
        for (int i = 1; i <= GATEWAY_ROLE_SLOTS; i++) {
            b.property()
                    .name(gatewayRole(i))
                    .label("Gateway role " + i)
                    .type(ProviderConfigProperty.ROLE_TYPE)
                    .helpText(
                            "gatewayRoles: the realm roles PUT /users/{id}/gateway-role assigns, highest first. Empty slots are left out.")
                    .add();
        }
        for (int i = 1; i <= ROLE_MAPPING_SLOTS; i++) {
            b.property()
                    .name(mappingRole(i))
                    .label("Role mapping " + i + ": role")
                    .type(ProviderConfigProperty.ROLE_TYPE)
                    .helpText(
                            "roleMappings: holders of this realm role are kept in the group below. Leave role and group empty for no mapping.")
                    .add();
            group(
                    b,
                    mappingGroup(i),
                    "Role mapping " + i + ": group",
                    "roleMappings[].group: the group the role's holders join.");
            b.property()
                    .name(mappingMode(i))
                    .label("Role mapping " + i + ": mode")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options("sync", "migrate")
                    .defaultValue("sync")
                    .helpText(
                            "sync: membership follows the role. migrate: only POST /migrations/roles-to-groups uses the mapping.")
                    .add();
        }
        for (int i = 1; i <= PROVIDER_MAPPING_SLOTS; i++) {
            group(
                    b,
                    providerGroup(i),
                    "Provider mapping " + i + ": group",
                    "identityProviderMappings: users linked to any provider below are kept in this group.");
            b.property()
                    .name(providerAliases(i))
                    .label("Provider mapping " + i + ": identity providers")
                    .type(ProviderConfigProperty.IDENTITY_PROVIDER_MULTI_LIST_TYPE)
                    .helpText(
                            "identityProviderMappings[].identityProvider: the providers whose linked users join the group above.")
                    .add();
        }
        b.property()
                .name(POOLS_DISCOVERABLE)
                .label("Pools discoverable")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .helpText("discovery.poolsDiscoverable: everyone sees every pool; off, only what they hold a grant on.")
                .add();
        group(
                b,
                DISCOVERY_GROUP,
                "Discovery group",
                "discovery.discoveryGroup: members see every pool even when pools are not discoverable.");
        b.property()
                .name(PENDING_ENABLED)
                .label("Pending approval")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .helpText("pendingApproval.enabled: new users wait for an admin's activation.")
                .add();
        b.property()
                .name(PENDING_PROVIDERS)
                .label("Pending approval: identity providers")
                .type(ProviderConfigProperty.IDENTITY_PROVIDER_MULTI_LIST_TYPE)
                .helpText(
                        "pendingApproval.identityProviders: users arriving through these providers wait (none: self-registered users).")
                .add();
        b.property()
                .name(PROMOTION)
                .label("Promotion to admin requires a Keycloak admin")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .helpText("adminPromotionRequiresRealmAdmin")
                .add();
        b.property()
                .name(CLIENT_SCOPE)
                .label("Writes require the client scope gateway-access-admin")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true")
                .helpText("adminClientScopeRequired")
                .add();
        b.property()
                .name(MORE)
                .label("More (JSON)")
                .type(ProviderConfigProperty.TEXT_TYPE)
                .helpText(
                        "Only what the slots above cannot hold: a JSON object with gatewayRoles, roleMappings and identityProviderMappings"
                                + " arrays (as in GET /config), appended to the slots. Empty when everything fits.")
                .add();
        return b.build();
    }

    private static void group(ProviderConfigurationBuilder b, String name, String label, String help) {
        b.property()
                .name(name)
                .label(label)
                .type(ProviderConfigProperty.GROUP_TYPE)
                .helpText(help)
                .add();
    }

    /** The form's fields for a document as {@code GET /config} renders it. Absent key: empty field. */
    public static Map<String, List<String>> toForm(JsonNode document) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        JsonNode groups = document.path("gatewayGroups");
        put(form, ADMINS, groups.path("admins"));
        put(form, READ_ONLY_ADMINS, groups.path("readOnlyAdmins"));
        put(form, USERS, groups.path("users"));
        ObjectNode more = JsonNodeFactory.instance.objectNode();

        List<JsonNode> roles = list(document.path("gatewayRoles"));
        for (int i = 0; i < roles.size(); i++) {
            if (i < GATEWAY_ROLE_SLOTS) {
                put(form, gatewayRole(i + 1), roles.get(i));
            } else {
                more.withArray("gatewayRoles").add(roles.get(i));
            }
        }
        List<JsonNode> mappings = list(document.path("roleMappings"));
        for (int i = 0; i < mappings.size(); i++) {
            JsonNode m = mappings.get(i);
            if (i < ROLE_MAPPING_SLOTS) {
                put(form, mappingRole(i + 1), m.path("role"));
                put(form, mappingGroup(i + 1), m.path("group"));
                form.put(mappingMode(i + 1), List.of(m.path("mode").asText("sync")));
            } else {
                more.withArray("roleMappings").add(m);
            }
        }
        // provider mappings grouped by their group, in the order each group first appears
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (JsonNode m : list(document.path("identityProviderMappings"))) {
            byGroup.computeIfAbsent(m.path("group").asText(), g -> new ArrayList<>())
                    .add(m.path("identityProvider").asText());
        }
        int slot = 0;
        for (Map.Entry<String, List<String>> e : byGroup.entrySet()) {
            slot++;
            if (slot <= PROVIDER_MAPPING_SLOTS) {
                form.put(providerGroup(slot), List.of(e.getKey()));
                form.put(providerAliases(slot), List.copyOf(e.getValue()));
            } else {
                for (String alias : e.getValue()) {
                    more.withArray("identityProviderMappings")
                            .addObject()
                            .put("identityProvider", alias)
                            .put("group", e.getKey());
                }
            }
        }
        JsonNode discovery = document.path("discovery");
        form.put(
                POOLS_DISCOVERABLE,
                List.of(String.valueOf(discovery.path("poolsDiscoverable").asBoolean(true))));
        put(form, DISCOVERY_GROUP, discovery.path("discoveryGroup"));
        JsonNode pending = document.path("pendingApproval");
        form.put(PENDING_ENABLED, List.of(String.valueOf(pending.path("enabled").asBoolean(false))));
        List<String> pendingIdps = list(pending.path("identityProviders")).stream()
                .map(JsonNode::asText)
                .toList();
        if (!pendingIdps.isEmpty()) {
            form.put(PENDING_PROVIDERS, pendingIdps);
        }
        form.put(
                PROMOTION,
                List.of(String.valueOf(
                        document.path("adminPromotionRequiresRealmAdmin").asBoolean(true))));
        form.put(
                CLIENT_SCOPE,
                List.of(String.valueOf(document.path("adminClientScopeRequired").asBoolean(true))));
        if (!more.isEmpty()) {
            form.put(MORE, List.of(Json.writePretty(more)));
        }
        return form;
    }

    /**
     * The document the form's fields say, as a {@code PUT /config} body. Fields the form does not know (the admin
     * console adds the route's {@code tab} and the group picker's {@code groupType}) are ignored. Only the form's own
     * mistakes are refused here (half a mapping, a malformed JSON field); everything else is the parser's.
     */
    public static ObjectNode toDocument(Map<String, List<String>> form) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ObjectNode more = more(first(form, MORE));

        ObjectNode groups = doc.putObject("gatewayGroups");
        putIfSet(groups, "admins", first(form, ADMINS));
        putIfSet(groups, "readOnlyAdmins", first(form, READ_ONLY_ADMINS));
        putIfSet(groups, "users", first(form, USERS));

        ArrayNode roles = doc.putArray("gatewayRoles");
        for (int i = 1; i <= GATEWAY_ROLE_SLOTS; i++) {
            String role = first(form, gatewayRole(i));
            if (role != null) {
                roles.add(role);
            }
        }
        roles.addAll(moreArray(more, "gatewayRoles"));

        ArrayNode mappings = doc.putArray("roleMappings");
        for (int i = 1; i <= ROLE_MAPPING_SLOTS; i++) {
            String role = first(form, mappingRole(i));
            String group = first(form, mappingGroup(i));
            if (role == null && group == null) {
                continue;
            }
            if (role == null || group == null) {
                throw GatewayAccessException.badRequest(
                        "invalid_value",
                        "Role mapping " + i + " needs both a role and a group" + " (or neither, for no mapping).");
            }
            String mode = first(form, mappingMode(i));
            mappings.addObject().put("role", role).put("group", group).put("mode", mode == null ? "sync" : mode);
        }
        mappings.addAll(moreArray(more, "roleMappings"));

        ArrayNode idpMappings = doc.putArray("identityProviderMappings");
        for (int i = 1; i <= PROVIDER_MAPPING_SLOTS; i++) {
            String group = first(form, providerGroup(i));
            List<String> aliases = values(form, providerAliases(i));
            if (aliases.isEmpty()) {
                continue;
            }
            if (group == null) {
                throw GatewayAccessException.badRequest(
                        "invalid_value",
                        "Provider mapping " + i + " names identity providers"
                                + " but no group: pick the group their linked users join.");
            }
            aliases.forEach(alias ->
                    idpMappings.addObject().put("identityProvider", alias).put("group", group));
        }
        idpMappings.addAll(moreArray(more, "identityProviderMappings"));

        ObjectNode discovery = doc.putObject("discovery");
        discovery.put("poolsDiscoverable", bool(form, POOLS_DISCOVERABLE, true));
        putIfSet(discovery, "discoveryGroup", first(form, DISCOVERY_GROUP));
        ObjectNode pending = doc.putObject("pendingApproval");
        pending.put("enabled", bool(form, PENDING_ENABLED, false));
        ArrayNode pendingIdps = pending.putArray("identityProviders");
        values(form, PENDING_PROVIDERS).forEach(pendingIdps::add);
        if (first(form, PROMOTION) != null) {
            doc.put("adminPromotionRequiresRealmAdmin", bool(form, PROMOTION, true));
        }
        if (first(form, CLIENT_SCOPE) != null) {
            doc.put("adminClientScopeRequired", bool(form, CLIENT_SCOPE, true));
        }
        return doc;
    }

    private static ObjectNode more(String text) {
        if (text == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node = Json.parse(text, "Field 'More (JSON)'");
        if (!node.isObject()) {
            throw GatewayAccessException.badRequest(
                    "invalid_type", "Field 'More (JSON)' must be a JSON object (or empty).");
        }
        Json.onlyFields((ObjectNode) node, MORE_FIELDS);
        return (ObjectNode) node;
    }

    private static ArrayNode moreArray(ObjectNode more, String field) {
        JsonNode node = more.get(field);
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw GatewayAccessException.badRequest(
                    "invalid_type", "Field 'More (JSON)': '" + field + "' must be an array.");
        }
        return (ArrayNode) node;
    }

    private static boolean bool(Map<String, List<String>> form, String key, boolean fallback) {
        String value = first(form, key);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    /** The field's first non-blank value, stripped; null when the field is empty. */
    static String first(Map<String, List<String>> form, String key) {
        return values(form, key).stream().findFirst().orElse(null);
    }

    static List<String> values(Map<String, List<String>> form, String key) {
        List<String> values = form.get(key);
        if (values == null) {
            return List.of();
        }
        return values.stream()
                .filter(v -> v != null && !v.isBlank())
                .map(String::strip)
                .toList();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void put(Map<String, List<String>> form, String key, JsonNode value) {
        if (value != null && value.isTextual() && !value.asText().isBlank()) {
            form.put(key, List.of(value.asText()));
        }
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(items::add);
        }
        return items;
    }
}
