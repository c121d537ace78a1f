package org.gatewayaccess.keycloak.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatewayaccess.keycloak.cache.NodeCaches;
import org.gatewayaccess.keycloak.model.Permission;
import org.junit.jupiter.api.Test;

class ResourceGrantsTest {

    private final NodeCaches caches = new NodeCaches(NodeCaches.DEFAULT_DECISION_ENTRIES_PER_REALM);
    private final ResourceGrants grants = new ResourceGrants(caches);
    private final String realm = UUID.randomUUID().toString();
    private final AtomicInteger rowLoads = new AtomicInteger();
    private final AtomicInteger queries = new AtomicInteger();

    private static Object[] row(String type, String id, String permission) {
        return new Object[] {type, id, permission};
    }

    private Optional<Permission> highest(UserPrincipals who, String resourceId, List<Object[]> rows) {
        return grants.highest(
                realm,
                who,
                "dataset",
                resourceId,
                () -> {
                    rowLoads.incrementAndGet();
                    return rows;
                },
                () -> {
                    queries.incrementAndGet();
                    return Optional.of(Permission.VIEW);
                });
    }

    @Test
    void theHighestOfTheUsersAndItsGroupsRowsOneLoadPerResource() {
        List<Object[]> rows = List.of(
                row("user", "u1", "view"),
                row("user", "u1", "edit"),
                row("group", "g1", "manage"),
                row("group", "g2", "view"),
                row("user", "u2", "view"));
        assertEquals(Optional.of(Permission.EDIT), highest(new UserPrincipals("u1", List.of(), true), "r1", rows));
        assertEquals(
                Optional.of(Permission.MANAGE), highest(new UserPrincipals("u1", List.of("g1"), true), "r1", rows));
        assertEquals(Optional.of(Permission.VIEW), highest(new UserPrincipals("u3", List.of("g2"), true), "r1", rows));
        assertEquals(Optional.empty(), highest(new UserPrincipals("u3", List.of("g3"), true), "r1", rows));
        // a user's id that is also a group's id does not count as the group
        assertEquals(Optional.empty(), highest(new UserPrincipals("g1", List.of(), true), "r1", rows));
        assertEquals(1, rowLoads.get());
        assertEquals(0, queries.get());
    }

    @Test
    void aChangeOfTheRealmReloadsTheRows() {
        UserPrincipals who = new UserPrincipals("u1", List.of(), true);
        assertEquals(Optional.of(Permission.VIEW), highest(who, "r1", List.<Object[]>of(row("user", "u1", "view"))));
        caches.forgetLocally(realm);
        assertEquals(Optional.empty(), highest(who, "r1", List.<Object[]>of()));
        assertEquals(2, rowLoads.get());
    }

    @Test
    void aResourceWithTooManyRowsIsAskedByQueryAndWeighsOne() {
        List<Object[]> many = new ArrayList<>();
        for (int i = 0; i <= ResourceGrants.MAX_ROWS_PER_RESOURCE; i++) {
            many.add(row("user", "u" + i, "view"));
        }
        UserPrincipals who = new UserPrincipals("u1", List.of(), true);
        assertEquals(Optional.of(Permission.VIEW), highest(who, "big", many));
        assertEquals(Optional.of(Permission.VIEW), highest(who, "big", many));
        assertEquals(1, rowLoads.get());
        assertEquals(2, queries.get());
        assertEquals(1, grants.weight(realm));
    }

    @Test
    void theRealmsCopyStaysWithinItsBoundInRows() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < ResourceGrants.MAX_ROWS_PER_RESOURCE; i++) {
            rows.add(row("user", "u" + i, "view"));
        }
        UserPrincipals who = new UserPrincipals("u1", List.of(), true);
        for (int r = 0; r < 2 * ResourceGrants.MAX_ROWS_PER_REALM / ResourceGrants.MAX_ROWS_PER_RESOURCE; r++) {
            highest(who, "r" + r, rows);
        }
        long weight = grants.weight(realm);
        assertTrue(weight <= ResourceGrants.MAX_ROWS_PER_REALM, "weight " + weight);
    }
}
