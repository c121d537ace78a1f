package org.gatewayaccess.keycloak.adminconsole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.junit.jupiter.api.Test;

class ConfigFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode document() throws Exception {
        return (ObjectNode) JSON.readTree("""
            {"gatewayGroups":{"admins":"/Admins","readOnlyAdmins":"/Read Only Admins","users":"/Gateway Users"},
             "gatewayRoles":["admin","admin-read-only","gateway-user"],
             "roleMappings":[{"role":"admin","group":"/Admins","mode":"sync"},{"role":"gateway-user","group":"/Staff","mode":"migrate"}],
             "identityProviderMappings":[{"identityProvider":"a","group":"/A"},{"identityProvider":"b","group":"/A"}],
             "discovery":{"poolsDiscoverable":false,"discoveryGroup":"/Seers"},
             "pendingApproval":{"enabled":true,"identityProviders":["a"]},
             "adminPromotionRequiresRealmAdmin":true,"adminClientScopeRequired":false}""");
    }

    @Test
    void aDocumentThatFitsTheSlotsMakesTheRoundTripWithoutTheJsonField() throws Exception {
        ObjectNode doc = document();
        Map<String, List<String>> form = ConfigForm.toForm(doc);
        assertFalse(form.containsKey(ConfigForm.MORE), "everything fits the widgets");
        assertEquals(List.of("a", "b"), form.get(ConfigForm.providerAliases(1)), "providers grouped by their group");
        assertEquals(List.of("migrate"), form.get(ConfigForm.mappingMode(2)));
        assertEquals(doc, ConfigForm.toDocument(form));
    }

    @Test
    void whatTheSlotsCannotHoldTravelsInTheJsonFieldAndComesBackInOrder() throws Exception {
        ObjectNode doc = document();
        ArrayNode mappings = doc.putArray("roleMappings");
        for (int i = 0; i < ConfigForm.ROLE_MAPPING_SLOTS + 2; i++) {
            mappings.addObject().put("role", "r" + i).put("group", "/G" + i).put("mode", "sync");
        }
        Map<String, List<String>> form = ConfigForm.toForm(doc);
        assertTrue(form.get(ConfigForm.MORE).get(0).contains("\"r" + ConfigForm.ROLE_MAPPING_SLOTS + "\""));
        assertEquals(doc, ConfigForm.toDocument(form));
    }

    @Test
    void fieldsTheAdminConsoleAddsAreIgnoredAndHalfAMappingIsRefusedWithASentence() throws Exception {
        Map<String, List<String>> form = new HashMap<>(ConfigForm.toForm(document()));
        form.put("tab", List.of("gateway-access"));
        form.put("groupType", List.of("REALM"));
        assertEquals(document(), ConfigForm.toDocument(form));

        form.put(ConfigForm.mappingRole(5), List.of("gateway-user"));
        GatewayAccessException e = assertThrows(GatewayAccessException.class, () -> ConfigForm.toDocument(form));
        assertTrue(e.getMessage().startsWith("Role mapping 5 needs both a role and a group"), e.getMessage());

        form.remove(ConfigForm.mappingRole(5));
        form.put(ConfigForm.MORE, List.of("{not json"));
        assertThrows(GatewayAccessException.class, () -> ConfigForm.toDocument(form));
    }

    @Test
    void emptyGatewayRoleSlotsAreLeftOutAndAllEmptyIsTheParsersToRefuse() throws Exception {
        Map<String, List<String>> form = new HashMap<>(ConfigForm.toForm(document()));
        form.put(ConfigForm.gatewayRole(2), List.of(""));
        JsonNode doc = ConfigForm.toDocument(form);
        assertEquals(JSON.readTree("[\"admin\",\"gateway-user\"]"), doc.path("gatewayRoles"));
        for (int i = 1; i <= ConfigForm.GATEWAY_ROLE_SLOTS; i++) {
            form.remove(ConfigForm.gatewayRole(i));
        }
        assertEquals(
                0,
                ConfigForm.toDocument(form).path("gatewayRoles").size(),
                "an empty list, which GatewayConfigParser refuses");
    }

    @Test
    void theFormsOwnRefusalsSayWhichFieldIsWrong() throws Exception {
        Map<String, List<String>> form = new HashMap<>(ConfigForm.toForm(document()));
        form.put(ConfigForm.mappingGroup(4), List.of("/Staff"));
        refused("invalid_value", "Role mapping 4 needs both a role and a group (or neither, for no mapping).", form);
        form.remove(ConfigForm.mappingGroup(4));

        form.put(ConfigForm.providerAliases(3), List.of("c"));
        refused(
                "invalid_value",
                "Provider mapping 3 names identity providers but no group: pick the group their linked users join.",
                form);
        form.remove(ConfigForm.providerAliases(3));

        form.put(ConfigForm.MORE, List.of("{not json"));
        refused("malformed_json", "Field 'More (JSON)' is not valid JSON.", form);
        form.put(ConfigForm.MORE, List.of("[]"));
        refused("invalid_type", "Field 'More (JSON)' must be a JSON object (or empty).", form);
        form.put(ConfigForm.MORE, List.of("{\"discovery\": {}}"));
        refused("unknown_field", "Unknown field 'discovery'.", form);
        form.put(ConfigForm.MORE, List.of("{\"roleMappings\": {}}"));
        refused("invalid_type", "Field 'More (JSON)': 'roleMappings' must be an array.", form);

        form.put(ConfigForm.MORE, List.of("  "));
        assertEquals(document(), ConfigForm.toDocument(form), "a blank JSON field is an empty one");
    }

    private static void refused(String code, String message, Map<String, List<String>> form) {
        GatewayAccessException e = assertThrows(GatewayAccessException.class, () -> ConfigForm.toDocument(form));
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code());
        assertEquals(400, e.status());
    }
}
