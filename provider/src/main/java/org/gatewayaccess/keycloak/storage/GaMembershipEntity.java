package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One source of one user's membership in one gateway group ({@code role:<name>},
 * {@code identity-provider:<alias>}, {@code admin}, {@code seed}, {@code migration}).
 * The Keycloak group membership exists while at least one source row exists.
 */
@Entity
@Table(name = "GA_MEMBERSHIP")
@IdClass(GaMembershipEntity.Key.class)
@NamedQueries({
    @NamedQuery(
            name = "GaMembership.byUserAndSource",
            query = "select m from GaMembershipEntity m where m.realmId = :realmId"
                    + " and m.userId = :userId and m.source = :source"),
    @NamedQuery(
            name = "GaMembership.deleteByUser",
            query = "delete from GaMembershipEntity m where m.realmId = :realmId and m.userId = :userId"),
    @NamedQuery(
            name = "GaMembership.deleteByGroup",
            query = "delete from GaMembershipEntity m where m.realmId = :realmId and m.groupId = :groupId"),
    @NamedQuery(
            name = "GaMembership.deleteBySource",
            query = "delete from GaMembershipEntity m where m.realmId = :realmId and m.source = :source"),
    @NamedQuery(
            name = "GaMembership.deleteByRealm",
            query = "delete from GaMembershipEntity m where m.realmId = :realmId")
})
public class GaMembershipEntity {

    @Id
    @Column(name = "GROUP_ID", length = 36)
    private String groupId;

    @Id
    @Column(name = "USER_ID")
    private String userId;

    @Id
    @Column(name = "SOURCE", length = 300)
    private String source;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "GRANTED_BY")
    private String grantedBy;

    @Column(name = "GRANTED_AT", nullable = false)
    private long grantedAt;

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getGrantedBy() {
        return grantedBy;
    }

    public void setGrantedBy(String grantedBy) {
        this.grantedBy = grantedBy;
    }

    public long getGrantedAt() {
        return grantedAt;
    }

    public void setGrantedAt(long grantedAt) {
        this.grantedAt = grantedAt;
    }

    public static final class Key implements Serializable {
        private String groupId;
        private String userId;
        private String source;

        public Key() {}

        public Key(String groupId, String userId, String source) {
            this.groupId = groupId;
            this.userId = userId;
            this.source = source;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(groupId, k.groupId)
                    && Objects.equals(userId, k.userId)
                    && Objects.equals(source, k.source);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, userId, source);
        }
    }
}
