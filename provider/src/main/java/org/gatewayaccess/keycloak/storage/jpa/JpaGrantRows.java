package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.util.List;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.gatewayaccess.keycloak.storage.GrantRows;
import org.keycloak.connections.jpa.util.JpaUtils;

final class JpaGrantRows implements GrantRows {

    private static final String FOR_PRINCIPALS = " (g.principalType = 'user' and g.principalId = :userId"
            + " or g.principalType = 'group' and g.principalId in :groupIds)";

    private final EntityManager em;

    JpaGrantRows(EntityManager em) {
        this.em = em;
    }

    @Override
    public boolean addIfAbsent(GaGrantEntity row) {
        GaGrantEntity.Key key = new GaGrantEntity.Key(
                row.getRealmId(),
                row.getResourceType(),
                row.getResourceId(),
                row.getPrincipalType(),
                row.getPrincipalId(),
                row.getPermission(),
                row.getSource());
        if (em.find(GaGrantEntity.class, key) != null) {
            return false;
        }
        em.persist(row);
        return true;
    }

    @Override
    public void addAllAndFlush(List<GaGrantEntity> rows) {
        rows.forEach(em::persist);
        em.flush();
    }

    @Override
    public boolean remove(GaGrantEntity.Key key) {
        GaGrantEntity grant = em.find(GaGrantEntity.class, key);
        if (grant == null) {
            return false;
        }
        em.remove(grant);
        return true;
    }

    @Override
    public boolean deleteIfPresent(GaGrantEntity grant) {
        em.detach(grant);
        // native SQL: Hibernate translates a JPQL delete again on every execution (a tenth of the link work's CPU)
        return em.createNativeQuery("DELETE FROM " + JpaUtils.getTableNameForNativeQuery("GA_GRANT", em)
                                + " WHERE REALM_ID = ?1 AND RESOURCE_TYPE = ?2 AND RESOURCE_ID = ?3"
                                + " AND PRINCIPAL_TYPE = ?4 AND PRINCIPAL_ID = ?5 AND PERMISSION = ?6 AND SOURCE = ?7")
                        .setParameter(1, grant.getRealmId())
                        .setParameter(2, grant.getResourceType())
                        .setParameter(3, grant.getResourceId())
                        .setParameter(4, grant.getPrincipalType())
                        .setParameter(5, grant.getPrincipalId())
                        .setParameter(6, grant.getPermission())
                        .setParameter(7, grant.getSource())
                        .executeUpdate()
                > 0;
    }

    @Override
    public List<GaGrantEntity> forResource(String realmId, String resourceType, String resourceId) {
        return em.createNamedQuery("GaGrant.byResource", GaGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType)
                .setParameter("resourceId", resourceId)
                .getResultList();
    }

    @Override
    public List<GaGrantEntity> forPrincipalAndSource(
            String realmId, String principalType, String principalId, String source) {
        return em.createNamedQuery("GaGrant.byPrincipalAndSource", GaGrantEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("principalType", principalType)
                .setParameter("principalId", principalId)
                .setParameter("source", source)
                .getResultList();
    }

    @Override
    public int removeForResource(String realmId, String resourceType, String resourceId) {
        return em.createNamedQuery("GaGrant.deleteByResource")
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType)
                .setParameter("resourceId", resourceId)
                .executeUpdate();
    }

    @Override
    public int removeForPrincipal(String realmId, String principalType, String principalId) {
        return em.createNamedQuery("GaGrant.deleteByPrincipal")
                .setParameter("realmId", realmId)
                .setParameter("principalType", principalType)
                .setParameter("principalId", principalId)
                .executeUpdate();
    }

    @Override
    public int removeForSource(String realmId, String source) {
        return em.createNamedQuery("GaGrant.deleteBySource")
                .setParameter("realmId", realmId)
                .setParameter("source", source)
                .executeUpdate();
    }

    @Override
    public List<String> permissionsHeld(
            String realmId, String userId, List<String> groupIds, String resourceType, String resourceId) {
        TypedQuery<String> q = em.createQuery(
                        "select distinct g.permission from GaGrantEntity g where g.realmId = :realmId"
                                + " and g.resourceType = :type and g.resourceId = :resourceId and" + FOR_PRINCIPALS,
                        String.class)
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType)
                .setParameter("resourceId", resourceId);
        return principals(q, userId, groupIds).getResultList();
    }

    @Override
    public List<Object[]> principalsOf(String realmId, String resourceType, String resourceId, int max) {
        return em.createQuery(
                        "select distinct g.principalType, g.principalId, g.permission from GaGrantEntity g"
                                + " where g.realmId = :realmId and g.resourceType = :type and g.resourceId = :resourceId",
                        Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType)
                .setParameter("resourceId", resourceId)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public List<String> typesHeld(String realmId, String userId, List<String> groupIds, int max) {
        TypedQuery<String> q = em.createQuery(
                        "select distinct g.resourceType from GaGrantEntity g" + " where g.realmId = :realmId and"
                                + FOR_PRINCIPALS + " order by g.resourceType",
                        String.class)
                .setParameter("realmId", realmId);
        return principals(q, userId, groupIds).setMaxResults(max).getResultList();
    }

    @Override
    public List<Object[]> heldOfType(
            String realmId, String userId, List<String> groupIds, String resourceType, int maxRows) {
        TypedQuery<Object[]> q = em.createQuery(
                        "select distinct g.resourceId, g.permission from GaGrantEntity g"
                                + " where g.realmId = :realmId and g.resourceType = :type and" + FOR_PRINCIPALS
                                + " order by g.resourceId, g.permission",
                        Object[].class)
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType);
        return principals(q, userId, groupIds).setMaxResults(maxRows).getResultList();
    }

    @Override
    public List<String> idsHeld(
            String realmId,
            String userId,
            List<String> groupIds,
            String resourceType,
            List<String> permissions,
            String after,
            int first,
            int max) {
        TypedQuery<String> q = em.createQuery(
                        "select distinct g.resourceId from GaGrantEntity g where g.realmId = :realmId"
                                + " and g.resourceType = :type and g.permission in :permissions"
                                + (after == null ? "" : " and g.resourceId > :after") + " and" + FOR_PRINCIPALS
                                + " order by g.resourceId",
                        String.class)
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType)
                .setParameter("permissions", permissions);
        if (after != null) {
            q.setParameter("after", after);
        }
        return principals(q, userId, groupIds)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
    }

    @Override
    public long countHeldBy(String realmId, String userId, String permission, String source, String exceptType) {
        return em.createQuery(
                        "select count(g) from GaGrantEntity g where g.realmId = :realmId and g.principalType = 'user'"
                                + " and g.principalId = :userId and g.permission = :manage and g.source = :seed and g.resourceType <> :pool",
                        Long.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setParameter("manage", permission)
                .setParameter("seed", source)
                .setParameter("pool", exceptType)
                .getSingleResult();
    }

    @Override
    public int addForLinkedUsers(
            String realmId,
            String resourceType,
            String resourceId,
            String permission,
            String source,
            String alias,
            long now) {
        String grantTable = JpaUtils.getTableNameForNativeQuery("GA_GRANT", em);
        String insert = "INSERT INTO " + grantTable
                + " (REALM_ID, RESOURCE_TYPE, RESOURCE_ID, PRINCIPAL_TYPE, PRINCIPAL_ID, PERMISSION, SOURCE, GRANTED_BY, GRANTED_AT)"
                + " SELECT :realmId, :type, :poolId, :principalType, f.USER_ID, :permission, :source, NULL, :now"
                + " FROM (" + FederatedLinks.linksSql(em, "USER_ID", "realmId", "alias") + ") f";
        String skipExisting = DatabaseDialect.isPostgres(em)
                ? " ON CONFLICT DO NOTHING"
                : " WHERE NOT EXISTS (SELECT 1 FROM " + grantTable + " g WHERE g.REALM_ID = :realmId"
                        + " AND g.RESOURCE_TYPE = :type AND g.RESOURCE_ID = :poolId AND g.PRINCIPAL_TYPE = :principalType"
                        + " AND g.PRINCIPAL_ID = f.USER_ID AND g.PERMISSION = :permission AND g.SOURCE = :source)";
        return em.createNativeQuery(insert + skipExisting)
                .setParameter("type", resourceType)
                .setParameter("poolId", resourceId)
                .setParameter("principalType", Principal.Type.USER.wireName())
                .setParameter("permission", permission)
                .setParameter("source", source)
                .setParameter("now", now)
                .setParameter("realmId", realmId)
                .setParameter("alias", alias)
                .executeUpdate();
    }

    @Override
    public long countLinkedUsersWithoutView(
            String realmId, String resourceType, String resourceId, String source, String alias) {
        return count(em.createNativeQuery(
                        "SELECT COUNT(*) FROM (" + FederatedLinks.linksSql(em, "USER_ID", "realmId", "alias")
                                + ") f WHERE f.USER_ID NOT IN (SELECT g.PRINCIPAL_ID FROM " + grantTable() + " g"
                                + " WHERE g.REALM_ID = :realmId AND g.RESOURCE_TYPE = :type AND g.RESOURCE_ID = :poolId"
                                + " AND g.PRINCIPAL_TYPE = :user AND g.PERMISSION = 'view' AND g.SOURCE = :source)")
                .setParameter("realmId", realmId)
                .setParameter("alias", alias)
                .setParameter("type", resourceType)
                .setParameter("poolId", resourceId)
                .setParameter("user", Principal.Type.USER.wireName())
                .setParameter("source", source));
    }

    @Override
    public long staleLinkSources(
            String realmId,
            String resourceType,
            String resourceId,
            String sourcePattern,
            String source,
            String alias,
            boolean delete) {
        // No alias on the table a DELETE shares this clause with: MariaDB (before 11.6) has no DELETE FROM t alias.
        String grantTable = grantTable();
        String g = grantTable;
        String stale = " FROM " + grantTable + " WHERE " + g + ".REALM_ID = :realmId AND " + g
                + ".RESOURCE_TYPE = :type"
                + " AND " + g + ".RESOURCE_ID = :poolId AND " + g + ".SOURCE LIKE :linkSources"
                // NOT IN (uncorrelated) rather than a correlated NOT EXISTS: right after a bulk load the tables have no
                // statistics yet, and PostgreSQL then planned the correlated form as a nested loop — quadratic at 100k
                // rows.
                + (alias == null
                        ? ""
                        : " AND (" + g + ".SOURCE <> :source OR " + g + ".PRINCIPAL_TYPE <> :user OR " + g
                                + ".PRINCIPAL_ID NOT IN (" + FederatedLinks.linksSql(em, "USER_ID", "realmId", "alias")
                                + "))");
        Query q = em.createNativeQuery(delete ? "DELETE" + stale : "SELECT COUNT(*)" + stale)
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType)
                .setParameter("poolId", resourceId)
                .setParameter("linkSources", sourcePattern);
        if (alias != null) {
            q.setParameter("source", source)
                    .setParameter("user", Principal.Type.USER.wireName())
                    .setParameter("alias", alias);
        }
        return delete ? q.executeUpdate() : count(q);
    }

    @Override
    public long onPoolsGone(String realmId, String resourceType, String sourcePattern, boolean delete) {
        String grantTable = grantTable();
        String g = grantTable; // no alias: see staleLinkSources()
        String where =
                " FROM " + grantTable + " WHERE " + g + ".REALM_ID = :realmId AND " + g + ".RESOURCE_TYPE = :type"
                        + " AND " + g + ".SOURCE LIKE :linkSources AND NOT EXISTS (SELECT 1 FROM "
                        + JpaUtils.getTableNameForNativeQuery("GA_POOL", em) + " p WHERE p.ID = " + g + ".RESOURCE_ID)";
        Query q = em.createNativeQuery(delete ? "DELETE" + where : "SELECT COUNT(*)" + where)
                .setParameter("realmId", realmId)
                .setParameter("type", resourceType)
                .setParameter("linkSources", sourcePattern);
        return delete ? q.executeUpdate() : count(q);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<LinkCandidate> linkCandidates(
            String realmId,
            String resourceType,
            String resourceId,
            String alias,
            String sourcePrefix,
            String after,
            int max) {
        String grants = grantTable();
        List<Object[]> rows = em.createNativeQuery("SELECT USER_ID, ALIAS FROM ("
                        + " SELECT f.USER_ID AS USER_ID, f.IDENTITY_PROVIDER AS ALIAS FROM ("
                        + FederatedLinks.linksSql(em, "USER_ID, IDENTITY_PROVIDER", "realmId", "alias") + ") f"
                        + " UNION SELECT g.PRINCIPAL_ID AS USER_ID, SUBSTRING(g.SOURCE, " + (sourcePrefix.length() + 1)
                        + ") AS ALIAS FROM " + grants + " g"
                        + "  WHERE g.REALM_ID = :realmId AND g.RESOURCE_TYPE = :type AND g.RESOURCE_ID = :poolId AND g.SOURCE LIKE :sources"
                        + ") c WHERE USER_ID > :after ORDER BY USER_ID")
                .setParameter("realmId", realmId)
                .setParameter("alias", alias == null ? "" : alias)
                .setParameter("type", resourceType)
                .setParameter("poolId", resourceId)
                .setParameter("sources", sourcePrefix + "%")
                .setParameter("after", after)
                .setMaxResults(max)
                .getResultList();
        return rows.stream()
                .map(row -> new LinkCandidate((String) row[0], (String) row[1]))
                .toList();
    }

    private String grantTable() {
        return JpaUtils.getTableNameForNativeQuery("GA_GRANT", em);
    }

    private static <T> TypedQuery<T> principals(TypedQuery<T> q, String userId, List<String> groupIds) {
        // "in ()" is not valid SQL: an id that no group can have stands in for "no groups"
        List<String> groups = groupIds.isEmpty() ? List.of("-") : groupIds;
        return q.setParameter("userId", userId).setParameter("groupIds", groups);
    }

    private static long count(Query query) {
        return ((Number) query.getSingleResult()).longValue();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaGrant.deleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
