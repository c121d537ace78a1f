package org.gatewayaccess.keycloak.authz;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.gatewayaccess.keycloak.model.Permission;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Read-only questions about grant rows, asked for a user's principals (the user and its
 * groups). Each is one indexed query: by resource (the primary key's prefix) or by
 * principal ({@code IDX_GA_GRANT_PRINCIPAL}).
 */
final class GrantQueries {

    private static final String FOR_PRINCIPALS = " (g.principalType = 'user' and g.principalId = :userId"
        + " or g.principalType = 'group' and g.principalId in :groupIds)";

    private final EntityManager em;

    GrantQueries(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** The highest permission the principals hold on one resource, if any. */
    Optional<Permission> highest(String realmId, UserPrincipals who, String type, String resourceId) {
        TypedQuery<String> q = em.createQuery("select distinct g.permission from GaGrantEntity g where g.realmId = :realmId"
            + " and g.resourceType = :type and g.resourceId = :resourceId and" + FOR_PRINCIPALS, String.class)
            .setParameter("realmId", realmId).setParameter("type", type).setParameter("resourceId", resourceId);
        return principals(q, who).getResultList().stream()
            .map(Permission::fromWire).flatMap(Optional::stream)
            .max(Enum::compareTo);
    }

    /** The resource's distinct (principalType, principalId, permission) rows, at most {@code max}. */
    List<Object[]> rowsOf(String realmId, String type, String resourceId, int max) {
        return em.createQuery("select distinct g.principalType, g.principalId, g.permission from GaGrantEntity g"
                + " where g.realmId = :realmId and g.resourceType = :type and g.resourceId = :resourceId", Object[].class)
            .setParameter("realmId", realmId).setParameter("type", type).setParameter("resourceId", resourceId)
            .setMaxResults(max).getResultList();
    }

    /** The resource types the principals hold something on, in name order, at most {@code max}. */
    List<String> typesHeld(String realmId, UserPrincipals who, int max) {
        TypedQuery<String> q = em.createQuery("select distinct g.resourceType from GaGrantEntity g"
            + " where g.realmId = :realmId and" + FOR_PRINCIPALS + " order by g.resourceType", String.class)
            .setParameter("realmId", realmId);
        return principals(q, who).setMaxResults(max).getResultList();
    }

    /** (id, permission) rows of one type the principals hold, in id order, at most {@code maxRows}. */
    List<Object[]> heldOfType(String realmId, UserPrincipals who, String type, int maxRows) {
        TypedQuery<Object[]> q = em.createQuery("select distinct g.resourceId, g.permission from GaGrantEntity g"
            + " where g.realmId = :realmId and g.resourceType = :type and" + FOR_PRINCIPALS + " order by g.resourceId, g.permission",
                Object[].class)
            .setParameter("realmId", realmId).setParameter("type", type);
        return principals(q, who).setMaxResults(maxRows).getResultList();
    }

    /**
     * One page of the ids of a type on which the principals hold at least {@code least},
     * in id order, after {@code after} (exclusive; null for the first page).
     */
    List<String> idsHeld(String realmId, UserPrincipals who, String type, Permission least, String after, int first, int max) {
        TypedQuery<String> q = em.createQuery("select distinct g.resourceId from GaGrantEntity g where g.realmId = :realmId"
                + " and g.resourceType = :type and g.permission in :permissions"
                + (after == null ? "" : " and g.resourceId > :after") + " and" + FOR_PRINCIPALS + " order by g.resourceId", String.class)
            .setParameter("realmId", realmId).setParameter("type", type).setParameter("permissions", atLeast(least));
        if (after != null) {
            q.setParameter("after", after);
        }
        return principals(q, who).setFirstResult(first).setMaxResults(max).getResultList();
    }

    /** One page of every registered id of a type, in id order (what a caller who sees everything lists). */
    List<String> idsRegistered(String realmId, String type, String after, int first, int max) {
        TypedQuery<String> q = em.createQuery("select r.resourceId from GaResourceEntity r where r.realmId = :realmId"
                + " and r.resourceType = :type" + (after == null ? "" : " and r.resourceId > :after") + " order by r.resourceId", String.class)
            .setParameter("realmId", realmId).setParameter("type", type);
        if (after != null) {
            q.setParameter("after", after);
        }
        return q.setFirstResult(first).setMaxResults(max).getResultList();
    }

    private static <T> TypedQuery<T> principals(TypedQuery<T> q, UserPrincipals who) {
        // "in ()" is not valid SQL: an id that no group can have stands in for "no groups"
        List<String> groups = who.groupIds().isEmpty() ? List.of("-") : who.groupIds();
        return q.setParameter("userId", who.userId()).setParameter("groupIds", groups);
    }

    private static List<String> atLeast(Permission least) {
        List<String> names = new ArrayList<>();
        Arrays.stream(Permission.values()).filter(p -> p.implies(least)).forEach(p -> names.add(p.wireName()));
        return names;
    }
}
