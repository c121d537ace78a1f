package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A resource pool of one realm (gateway). Viewers are rows of {@link GaGrantEntity} with resource type {@code pool}. */
@Entity
@Table(name = "GA_POOL")
@NamedQueries({
    @NamedQuery(
            name = "GaPool.byRealm",
            query = "select p from GaPoolEntity p where p.realmId = :realmId order by p.name"),
    @NamedQuery(
            name = "GaPool.byRealmAndName",
            query = "select p from GaPoolEntity p where p.realmId = :realmId and p.name = :name"),
    @NamedQuery(
            name = "GaPool.byIdentityProvider",
            query = "select p from GaPoolEntity p where p.realmId = :realmId and p.identityProvider = :alias"),
    @NamedQuery(
            name = "GaPool.detachIdentityProvider",
            query =
                    "update GaPoolEntity p set p.identityProvider = null where p.realmId = :realmId and p.identityProvider = :alias"),
    @NamedQuery(
            name = "GaPool.bySource",
            query = "select p from GaPoolEntity p where p.realmId = :realmId and p.source = :source order by p.name"),
    @NamedQuery(
            name = "GaPool.untracked",
            query = "select p from GaPoolEntity p where p.realmId = :realmId and p.source is null"),
    @NamedQuery(name = "GaPool.deleteByRealm", query = "delete from GaPoolEntity p where p.realmId = :realmId")
})
public class GaPoolEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "DESCRIPTION", length = 4000)
    private String description;

    @Column(name = "IDENTITY_PROVIDER")
    private String identityProvider;

    /** {@code declaration} or {@code admin}; null for a pool of an earlier version not yet settled at start-up. */
    @Column(name = "SOURCE", length = 32)
    private String source;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_BY")
    private String createdBy;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "UPDATED_BY")
    private String updatedBy;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getIdentityProvider() {
        return identityProvider;
    }

    public void setIdentityProvider(String identityProvider) {
        this.identityProvider = identityProvider;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public void setUpdatedBy(String updatedBy) {
        this.updatedBy = updatedBy;
    }
}
