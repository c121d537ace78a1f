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

/** A user awaiting activation by a gateway admin (pending approval). */
@Entity
@Table(name = "GA_PENDING_USER")
@IdClass(GaPendingUserEntity.Key.class)
@NamedQueries({
    @NamedQuery(
            name = "GaPendingUser.deleteByUser",
            query = "delete from GaPendingUserEntity p where p.realmId = :realmId and p.userId = :userId"),
    @NamedQuery(
            name = "GaPendingUser.deleteByRealm",
            query = "delete from GaPendingUserEntity p where p.realmId = :realmId")
})
public class GaPendingUserEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Id
    @Column(name = "USER_ID")
    private String userId;

    @Column(name = "IDENTITY_PROVIDER")
    private String identityProvider;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getIdentityProvider() {
        return identityProvider;
    }

    public void setIdentityProvider(String identityProvider) {
        this.identityProvider = identityProvider;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public static final class Key implements Serializable {
        private String realmId;
        private String userId;

        public Key() {}

        public Key(String realmId, String userId) {
            this.realmId = realmId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(realmId, k.realmId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, userId);
        }
    }
}
