package org.gatewayaccess.keycloak.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PermissionTest {

    @Test
    void aHigherPermissionImpliesTheLowerOnesAndNotTheOtherWayRound() {
        assertTrue(Permission.MANAGE.implies(Permission.EDIT));
        assertTrue(Permission.MANAGE.implies(Permission.VIEW));
        assertTrue(Permission.EDIT.implies(Permission.VIEW));
        assertTrue(Permission.VIEW.implies(Permission.VIEW));
        assertFalse(Permission.VIEW.implies(Permission.EDIT));
        assertFalse(Permission.EDIT.implies(Permission.MANAGE));
    }

    @Test
    void wireNamesAreExactLowerCaseWords() {
        assertEquals(Optional.of(Permission.EDIT), Permission.fromWire("edit"));
        assertEquals(Optional.empty(), Permission.fromWire("EDIT"));
        assertEquals(Optional.empty(), Permission.fromWire("admin"));
        assertEquals(Optional.empty(), Permission.fromWire(null));
        assertEquals("manage", Permission.MANAGE.wireName());
    }
}
