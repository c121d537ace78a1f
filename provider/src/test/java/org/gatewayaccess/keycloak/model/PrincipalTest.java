package org.gatewayaccess.keycloak.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalTest {

    @Test
    void usersAndGroupsRoundTrip() {
        assertEquals(
                Optional.of(Principal.user("6f1c1f3e-0000-4000-8000-000000000001")),
                Principal.parse("user:6f1c1f3e-0000-4000-8000-000000000001"));
        assertEquals(Optional.of(Principal.group("g-1")), Principal.parse("group:g-1"));
        assertEquals("user:f:ldap:jdoe", Principal.user("f:ldap:jdoe").wireName());
        assertEquals(Optional.of(Principal.user("f:ldap:jdoe")), Principal.parse("user:f:ldap:jdoe"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "user", "user:", "role:abc", "USER:abc", "user:../x", "user:a b", "group:\"x\"", "user:a/b"})
    void anythingElseIsNotAPrincipal(String text) {
        assertEquals(Optional.empty(), Principal.parse(text));
    }
}
