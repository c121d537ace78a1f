package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.Collection;
import java.util.List;
import org.gatewayaccess.keycloak.storage.GaMembershipEntity;
import org.gatewayaccess.keycloak.storage.MembershipRows;
import org.gatewayaccess.keycloak.storage.UserIdRange;
import org.gatewayaccess.keycloak.storage.UserSelection;
import org.keycloak.connections.jpa.util.JpaUtils;

/**
 * The set-based writes (seeding, sync, migration) are one INSERT ... SELECT per (group, source) instead of one model
 * call per user, which is what lets 100,000 users be migrated in seconds. On PostgreSQL, existing rows are skipped
 * with ON CONFLICT DO NOTHING (an anti-join was planned as a nested loop on freshly loaded tables); elsewhere with NOT
 * EXISTS.
 */
final class JpaMembershipRows implements MembershipRows {

    private final EntityManager em;

    JpaMembershipRows(EntityManager em) {
        this.em = em;
    }

    @Override
    public GaMembershipEntity find(String groupId, String userId, String source) {
        return em.find(GaMembershipEntity.class, new GaMembershipEntity.Key(groupId, userId, source));
    }

    @Override
    public List<GaMembershipEntity> sources(String groupId, String userId) {
        return em.createQuery(
                        "select m from GaMembershipEntity m where m.groupId = :groupId and m.userId = :userId"
                                + " order by m.grantedAt, m.source",
                        GaMembershipEntity.class)
                .setParameter("groupId", groupId)
                .setParameter("userId", userId)
                .getResultList();
    }

    @Override
    public List<GaMembershipEntity> ofUserAndSource(String realmId, String userId, String source) {
        return em.createNamedQuery("GaMembership.byUserAndSource", GaMembershipEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setParameter("source", source)
                .getResultList();
    }

    @Override
    public List<Held> ofGroup(String groupId) {
        return em.createQuery(
                        "select m.userId, m.source from GaMembershipEntity m where m.groupId = :groupId",
                        Object[].class)
                .setParameter("groupId", groupId)
                .getResultStream()
                .map(row -> new Held(groupId, (String) row[0], (String) row[1]))
                .toList();
    }

    @Override
    public void insert(GaMembershipEntity row) {
        em.persist(row);
        em.flush();
    }

    @Override
    public void delete(GaMembershipEntity row) {
        em.remove(row);
        em.flush();
    }

    @Override
    public void deleteAll(List<GaMembershipEntity> rows) {
        rows.forEach(em::remove);
        em.flush();
    }

    @Override
    public boolean deleteIfPresent(String groupId, String userId, String source) {
        GaMembershipEntity row = find(groupId, userId, source);
        if (row == null) {
            return false;
        }
        delete(row);
        return true;
    }

    @Override
    public void deleteOfUser(String realmId, String userId) {
        delete("GaMembership.deleteByUser", realmId, "userId", userId);
    }

    @Override
    public void deleteOfGroup(String realmId, String groupId) {
        delete("GaMembership.deleteByGroup", realmId, "groupId", groupId);
    }

    @Override
    public void deleteOfSource(String realmId, String source) {
        delete("GaMembership.deleteBySource", realmId, "source", source);
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createNamedQuery("GaMembership.deleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }

    private void delete(String namedQuery, String realmId, String param, String value) {
        em.createNamedQuery(namedQuery)
                .setParameter("realmId", realmId)
                .setParameter(param, value)
                .executeUpdate();
    }

    @Override
    public long addSources(
            String realmId,
            String groupId,
            String source,
            String grantedBy,
            UserSelection selection,
            UserIdRange range,
            boolean dryRun) {
        em.flush();
        UserSelectionSql users = new UserSelectionSql(em, selection);
        String membershipTable = membershipTable();
        String from = " FROM " + JpaUtils.getTableNameForNativeQuery("USER_ENTITY", em)
                + " u WHERE u.REALM_ID = :realmId AND " + users.condition("u.ID")
                + UserSelectionSql.range(range, "u.ID");
        String missing = " AND NOT EXISTS (SELECT 1 FROM " + membershipTable + " m WHERE m.GROUP_ID = :groupId"
                + " AND m.USER_ID = u.ID AND m.SOURCE = :source)";
        Query query;
        if (dryRun) {
            query = em.createNativeQuery("SELECT COUNT(*)" + from + missing);
        } else {
            query = em.createNativeQuery("INSERT INTO " + membershipTable
                    + " (GROUP_ID, USER_ID, SOURCE, REALM_ID, GRANTED_BY, GRANTED_AT) SELECT :groupId, u.ID, :source, u.REALM_ID, "
                    + (grantedBy == null ? "NULL" : ":grantedBy") + ", :now" + from
                    + (DatabaseDialect.isPostgres(em) ? " ON CONFLICT DO NOTHING" : missing));
            query.setParameter("now", System.currentTimeMillis());
            if (grantedBy != null) {
                query.setParameter("grantedBy", grantedBy);
            }
        }
        query.setParameter("realmId", realmId).setParameter("groupId", groupId).setParameter("source", source);
        UserSelectionSql.bindRange(query, range);
        users.bind(query);
        return dryRun ? ((Number) query.getSingleResult()).longValue() : query.executeUpdate();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<MissingUser> sampleMissing(
            String realmId, String groupId, String source, UserSelection selection, int limit) {
        UserSelectionSql users = new UserSelectionSql(em, selection);
        Query query = em.createNativeQuery(
                        "SELECT u.ID, u.USERNAME FROM " + JpaUtils.getTableNameForNativeQuery("USER_ENTITY", em)
                                + " u WHERE u.REALM_ID = :realmId AND "
                                + users.condition("u.ID") + " AND NOT EXISTS (SELECT 1 FROM " + membershipTable()
                                + " m WHERE m.GROUP_ID = :groupId"
                                + " AND m.USER_ID = u.ID AND m.SOURCE = :source) ORDER BY u.USERNAME")
                .setParameter("realmId", realmId)
                .setParameter("groupId", groupId)
                .setParameter("source", source)
                .setMaxResults(limit);
        return ((List<Object[]>) users.bind(query).getResultList())
                .stream()
                        .map(row -> new MissingUser((String) row[0], (String) row[1]))
                        .toList();
    }

    @Override
    public long adoptMembers(String realmId, String groupId, String source) {
        em.flush();
        String membershipTable = membershipTable();
        return em.createNativeQuery("INSERT INTO " + membershipTable
                        + " (GROUP_ID, USER_ID, SOURCE, REALM_ID, GRANTED_BY, GRANTED_AT) SELECT g.GROUP_ID, g.USER_ID, :source, :realmId, NULL, :now"
                        + " FROM " + JpaUtils.getTableNameForNativeQuery("USER_GROUP_MEMBERSHIP", em)
                        + " g WHERE g.GROUP_ID = :groupId"
                        + " AND NOT EXISTS (SELECT 1 FROM " + membershipTable
                        + " m WHERE m.GROUP_ID = g.GROUP_ID AND m.USER_ID = g.USER_ID)")
                .setParameter("source", source)
                .setParameter("realmId", realmId)
                .setParameter("now", System.currentTimeMillis())
                .setParameter("groupId", groupId)
                .executeUpdate();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> staleHolders(String groupId, String source, UserSelection selection) {
        em.flush();
        UserSelectionSql users = new UserSelectionSql(em, selection);
        Query query = em.createNativeQuery("SELECT m.USER_ID FROM " + membershipTable()
                        + " m WHERE m.GROUP_ID = :groupId" + " AND m.SOURCE = :source AND NOT "
                        + users.condition("m.USER_ID") + " ORDER BY m.USER_ID")
                .setParameter("groupId", groupId)
                .setParameter("source", source);
        return users.bind(query).getResultList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Held> unmappedDerived(String realmId, Collection<String[]> current) {
        em.flush();
        StringBuilder sql = new StringBuilder("SELECT m.GROUP_ID, m.USER_ID, m.SOURCE FROM ")
                .append(membershipTable())
                .append(
                        " m WHERE m.REALM_ID = :realmId AND (m.SOURCE LIKE 'role:%' OR m.SOURCE LIKE 'identity-provider:%')");
        int i = 0;
        for (String[] ignored : current) {
            sql.append(" AND NOT (m.GROUP_ID = :g")
                    .append(i)
                    .append(" AND m.SOURCE = :s")
                    .append(i)
                    .append(')');
            i++;
        }
        Query query = em.createNativeQuery(sql.toString())
                .setParameter("realmId", realmId)
                .setMaxResults(10_000);
        i = 0;
        for (String[] pair : current) {
            query.setParameter("g" + i, pair[0]).setParameter("s" + i, pair[1]);
            i++;
        }
        return ((List<Object[]>) query.getResultList())
                .stream()
                        .map(row -> new Held((String) row[0], (String) row[1], (String) row[2]))
                        .toList();
    }

    private String membershipTable() {
        return JpaUtils.getTableNameForNativeQuery("GA_MEMBERSHIP", em);
    }

    @Override
    public java.util.List<org.gatewayaccess.keycloak.storage.GaMembershipEntity> forUsersInGroup(
            String groupId, java.util.List<String> userIds) {
        return em.createQuery(
                        "select m from GaMembershipEntity m where m.groupId = :groupId and m.userId in :userIds"
                                + " order by m.grantedAt, m.source",
                        org.gatewayaccess.keycloak.storage.GaMembershipEntity.class)
                .setParameter("groupId", groupId)
                .setParameter("userIds", userIds)
                .getResultList();
    }

    @Override
    public java.util.List<org.gatewayaccess.keycloak.storage.GaMembershipEntity> forUser(
            String realmId, String userId) {
        return em.createQuery(
                        "select m from GaMembershipEntity m where m.realmId = :realmId and m.userId = :userId"
                                + " order by m.grantedAt, m.source",
                        org.gatewayaccess.keycloak.storage.GaMembershipEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .getResultList();
    }
}
