package org.gatewayaccess.keycloak.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gatewayaccess.keycloak.model.Permission;
import org.junit.jupiter.api.Test;

/** The rule GrantQueries keeps above the store: "at least" a permission asks for it and every higher one. */
class GrantQueriesTest {

    @Test
    void atLeastAPermissionIsItAndEveryOneThatImpliesIt() {
        assertEquals(List.of("view", "edit", "manage"), GrantQueries.atLeast(Permission.VIEW));
        assertEquals(List.of("edit", "manage"), GrantQueries.atLeast(Permission.EDIT));
        assertEquals(List.of("manage"), GrantQueries.atLeast(Permission.MANAGE));
    }
}
