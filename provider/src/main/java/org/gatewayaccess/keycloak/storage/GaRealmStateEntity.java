package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What the extension records per realm: the ids of the three system groups (so that a
 * rename in the admin console keeps them), the configuration document, and a row that
 * writers lock to serialise realm-wide invariants (such as "never zero admins").
 */
@Entity
@Table(name = "GA_REALM_STATE")
public class GaRealmStateEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Column(name = "ADMINS_GROUP_ID", length = 36)
    private String adminsGroupId;

    @Column(name = "READ_ONLY_ADMINS_GROUP_ID", length = 36)
    private String readOnlyAdminsGroupId;

    @Column(name = "USERS_GROUP_ID", length = 36)
    private String usersGroupId;

    /** The configuration document as JSON; null means the defaults. */
    @Column(name = "CONFIG")
    private String config;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "UPDATED_BY")
    private String updatedBy;

    /** When existing members and admin-role holders were given sources; null: not yet. */
    @Column(name = "MEMBERSHIPS_SEEDED_AT")
    private Long membershipsSeededAt;

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getAdminsGroupId() {
        return adminsGroupId;
    }

    public void setAdminsGroupId(String adminsGroupId) {
        this.adminsGroupId = adminsGroupId;
    }

    public String getReadOnlyAdminsGroupId() {
        return readOnlyAdminsGroupId;
    }

    public void setReadOnlyAdminsGroupId(String readOnlyAdminsGroupId) {
        this.readOnlyAdminsGroupId = readOnlyAdminsGroupId;
    }

    public String getUsersGroupId() {
        return usersGroupId;
    }

    public void setUsersGroupId(String usersGroupId) {
        this.usersGroupId = usersGroupId;
    }

    public String getConfig() {
        return config;
    }

    public void setConfig(String config) {
        this.config = config;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
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

    public Long getMembershipsSeededAt() {
        return membershipsSeededAt;
    }

    public void setMembershipsSeededAt(Long membershipsSeededAt) {
        this.membershipsSeededAt = membershipsSeededAt;
    }
}
