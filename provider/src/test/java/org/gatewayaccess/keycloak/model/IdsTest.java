package org.gatewayaccess.keycloak.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @Test
    void generatedIdsAreLowerCaseUuids() {
        assertTrue(Ids.isUuid("0b4e7d4c-3f1a-4c55-9a55-5f3e8c0d2a11"));
        assertFalse(Ids.isUuid("0B4E7D4C-3F1A-4C55-9A55-5F3E8C0D2A11"));
        assertFalse(Ids.isUuid("0b4e7d4c3f1a4c559a555f3e8c0d2a11"));
        assertFalse(Ids.isUuid(null));
    }

    @Test
    void keycloakAndFederatedUserIdsAreValidEntityIds() {
        assertTrue(Ids.isValidEntityId("0b4e7d4c-3f1a-4c55-9a55-5f3e8c0d2a11"));
        assertTrue(Ids.isValidEntityId("f:2c1e8a1f-ldap:jdoe@example.org"));
        assertTrue(Ids.isValidEntityId("x".repeat(255)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../admin", "a..b", "a/b", "a b", "'quoted'", "\"x\"", "a;b", "a%2Fb", "\u202e"})
    void pathAndQuotingTricksAreNotIds(String id) {
        assertFalse(Ids.isValidEntityId(id));
    }

    @Test
    void overLongIdsAreNotIds() {
        assertFalse(Ids.isValidEntityId("x".repeat(256)));
    }
}
