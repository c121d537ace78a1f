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

/** A gateway-owned object registered through {@code PUT /resources/{type}/{id}}; its grants live in {@link GaGrantEntity}. */
@Entity
@Table(name = "GA_RESOURCE")
@IdClass(GaResourceEntity.Key.class)
@NamedQueries({
    @NamedQuery(name = "GaResource.deleteByRealm", query = "delete from GaResourceEntity r where r.realmId = :realmId")
})
public class GaResourceEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Id
    @Column(name = "RESOURCE_TYPE", length = 64)
    private String resourceType;

    @Id
    @Column(name = "RESOURCE_ID")
    private String resourceId;

    @Column(name = "CREATED_BY")
    private String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getResourceType() {
        return resourceType;
    }

    public void setResourceType(String resourceType) {
        this.resourceType = resourceType;
    }

    public String getResourceId() {
        return resourceId;
    }

    public void setResourceId(String resourceId) {
        this.resourceId = resourceId;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public static final class Key implements Serializable {
        private String realmId;
        private String resourceType;
        private String resourceId;

        public Key() {}

        public Key(String realmId, String resourceType, String resourceId) {
            this.realmId = realmId;
            this.resourceType = resourceType;
            this.resourceId = resourceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(realmId, k.realmId)
                    && Objects.equals(resourceType, k.resourceType)
                    && Objects.equals(resourceId, k.resourceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, resourceType, resourceId);
        }
    }
}
