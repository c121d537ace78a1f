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
 * One source of one permission of one principal on one resource. The natural key is the
 * primary key, so writing the same source twice is idempotent and bulk writers can use
 * INSERT ... SELECT without generating ids. A principal holds a permission while at least
 * one source row exists; each writer removes only the rows of its own source.
 */
@Entity
@Table(name = "GA_GRANT")
@IdClass(GaGrantEntity.Key.class)
@NamedQueries({
    @NamedQuery(
            name = "GaGrant.byResource",
            query =
                    "select g from GaGrantEntity g where g.realmId = :realmId"
                            + " and g.resourceType = :type and g.resourceId = :resourceId order by g.principalType, g.principalId, g.permission, g.grantedAt"),
    @NamedQuery(
            name = "GaGrant.byPrincipalAndSource",
            query = "select g from GaGrantEntity g where g.realmId = :realmId"
                    + " and g.principalType = :principalType and g.principalId = :principalId and g.source = :source"),
    @NamedQuery(
            name = "GaGrant.deleteByResource",
            query =
                    "delete from GaGrantEntity g where g.realmId = :realmId and g.resourceType = :type and g.resourceId = :resourceId"),
    @NamedQuery(
            name = "GaGrant.deleteByPrincipal",
            query = "delete from GaGrantEntity g where g.realmId = :realmId"
                    + " and g.principalType = :principalType and g.principalId = :principalId"),
    @NamedQuery(
            name = "GaGrant.deleteBySource",
            query = "delete from GaGrantEntity g where g.realmId = :realmId and g.source = :source"),
    @NamedQuery(name = "GaGrant.deleteByRealm", query = "delete from GaGrantEntity g where g.realmId = :realmId")
})
public class GaGrantEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Id
    @Column(name = "RESOURCE_TYPE", length = 64)
    private String resourceType;

    @Id
    @Column(name = "RESOURCE_ID")
    private String resourceId;

    @Id
    @Column(name = "PRINCIPAL_TYPE", length = 8)
    private String principalType;

    @Id
    @Column(name = "PRINCIPAL_ID")
    private String principalId;

    @Id
    @Column(name = "PERMISSION", length = 16)
    private String permission;

    @Id
    @Column(name = "SOURCE", length = 300)
    private String source;

    @Column(name = "GRANTED_BY")
    private String grantedBy;

    @Column(name = "GRANTED_AT", nullable = false)
    private long grantedAt;

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

    public String getPrincipalType() {
        return principalType;
    }

    public void setPrincipalType(String principalType) {
        this.principalType = principalType;
    }

    public String getPrincipalId() {
        return principalId;
    }

    public void setPrincipalId(String principalId) {
        this.principalId = principalId;
    }

    public String getPermission() {
        return permission;
    }

    public void setPermission(String permission) {
        this.permission = permission;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
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

    /** Composite primary key: every column but who and when. */
    public static final class Key implements Serializable {
        private String realmId;
        private String resourceType;
        private String resourceId;
        private String principalType;
        private String principalId;
        private String permission;
        private String source;

        public Key() {}

        public Key(
                String realmId,
                String resourceType,
                String resourceId,
                String principalType,
                String principalId,
                String permission,
                String source) {
            this.realmId = realmId;
            this.resourceType = resourceType;
            this.resourceId = resourceId;
            this.principalType = principalType;
            this.principalId = principalId;
            this.permission = permission;
            this.source = source;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Key k)) return false;
            return Objects.equals(realmId, k.realmId)
                    && Objects.equals(resourceType, k.resourceType)
                    && Objects.equals(resourceId, k.resourceId)
                    && Objects.equals(principalType, k.principalType)
                    && Objects.equals(principalId, k.principalId)
                    && Objects.equals(permission, k.permission)
                    && Objects.equals(source, k.source);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realmId, resourceType, resourceId, principalType, principalId, permission, source);
        }
    }
}
