package org.gatewayaccess.keycloak.token;

import static org.gatewayaccess.keycloak.token.GatewayAccessClaimsMapper.DEFAULT_GROUPS_CLAIM;
import static org.gatewayaccess.keycloak.token.GatewayAccessClaimsMapper.DEFAULT_POOLS_CLAIM;
import static org.gatewayaccess.keycloak.token.GatewayAccessClaimsMapper.GROUPS_CLAIM;
import static org.gatewayaccess.keycloak.token.GatewayAccessClaimsMapper.GROUPS_ENABLED;
import static org.gatewayaccess.keycloak.token.GatewayAccessClaimsMapper.POOLS_CLAIM;
import static org.gatewayaccess.keycloak.token.GatewayAccessClaimsMapper.POOLS_ENABLED;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;

class GatewayAccessClaimsMapperTest {

    private final GatewayAccessClaimsMapper mapper = new GatewayAccessClaimsMapper();

    @Test
    void offersBothClaimsAndKeycloaksStandardSwitches() {
        List<String> names = mapper.getConfigProperties().stream()
                .map(ProviderConfigProperty::getName)
                .toList();
        assertTrue(
                names.containsAll(List.of(
                        GROUPS_ENABLED,
                        GROUPS_CLAIM,
                        POOLS_ENABLED,
                        POOLS_CLAIM,
                        OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN,
                        OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN,
                        OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO,
                        OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION)),
                names::toString);
        assertEquals("gateway-access-claims", mapper.getId());
        assertEquals("Gateway Access groups and pools", mapper.getDisplayType());
        assertEquals("Token mapper", mapper.getDisplayCategory());
        assertEquals("openid-connect", mapper.getProtocol());
    }

    @Test
    void switchesLeftOutAreOnAndNamesLeftOutOrBlankAreTheDefaults() {
        assertTrue(GatewayAccessClaimsMapper.enabled(Map.of(), GROUPS_ENABLED));
        assertTrue(GatewayAccessClaimsMapper.enabled(Map.of(GROUPS_ENABLED, "true"), GROUPS_ENABLED));
        assertFalse(GatewayAccessClaimsMapper.enabled(Map.of(GROUPS_ENABLED, "false"), GROUPS_ENABLED));
        assertEquals(
                DEFAULT_POOLS_CLAIM, GatewayAccessClaimsMapper.claimName(Map.of(), POOLS_CLAIM, DEFAULT_POOLS_CLAIM));
        assertEquals(
                DEFAULT_POOLS_CLAIM,
                GatewayAccessClaimsMapper.claimName(Map.of(POOLS_CLAIM, "  "), POOLS_CLAIM, DEFAULT_POOLS_CLAIM));
        assertEquals(
                "pools",
                GatewayAccessClaimsMapper.claimName(Map.of(POOLS_CLAIM, " pools "), POOLS_CLAIM, DEFAULT_POOLS_CLAIM));
    }

    @Test
    void refusesOneNameForBothClaimsAndReservedNames() {
        ProtocolMapperConfigException duplicate = assertThrows(
                ProtocolMapperConfigException.class, () -> validate(Map.of(POOLS_CLAIM, DEFAULT_GROUPS_CLAIM)));
        assertEquals("gatewayAccessDuplicateClaimName", duplicate.getMessageKey());
        assertTrue(
                duplicate.getMessage().startsWith("Gateway groups and pools need different claim names"),
                duplicate::getMessage);
        ProtocolMapperConfigException reserved =
                assertThrows(ProtocolMapperConfigException.class, () -> validate(Map.of(GROUPS_CLAIM, "sub")));
        assertEquals("gatewayAccessReservedClaimName", reserved.getMessageKey());
        assertTrue(reserved.getMessage().startsWith("The claim name sub is reserved"), reserved::getMessage);
        assertThrows(ProtocolMapperConfigException.class, () -> validate(Map.of(POOLS_CLAIM, "realm_access")));
        assertThrows(ProtocolMapperConfigException.class, () -> validate(Map.of(POOLS_CLAIM, "my pools")));
        assertThrows(ProtocolMapperConfigException.class, () -> validate(Map.of(GROUPS_CLAIM, "groups{0}")));
        assertThrows(ProtocolMapperConfigException.class, () -> validate(Map.of(GROUPS_CLAIM, "x".repeat(256))));
        assertDoesNotThrow(() -> validate(Map.of(POOLS_CLAIM, "https://example.org/claims/pools")));
        assertDoesNotThrow(() -> validate(Map.of(POOLS_CLAIM, DEFAULT_GROUPS_CLAIM, GROUPS_ENABLED, "false")));
        assertDoesNotThrow(() -> validate(Map.of(POOLS_CLAIM, "pools")));
        assertDoesNotThrow(() -> validate(Map.of()));
    }

    private void validate(Map<String, String> config) throws ProtocolMapperConfigException {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setConfig(new HashMap<>(config));
        mapper.validateConfig(null, null, null, model);
    }
}
