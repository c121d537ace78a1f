package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.gatewayaccess.keycloak.storage.GaRealmStateEntity;
import org.gatewayaccess.keycloak.storage.RealmStateRows;

final class JpaRealmStateRows implements RealmStateRows {

    private final EntityManager em;

    JpaRealmStateRows(EntityManager em) {
        this.em = em;
    }

    @Override
    public GaRealmStateEntity find(String realmId) {
        return em.find(GaRealmStateEntity.class, realmId);
    }

    @Override
    public void lock(String realmId) {
        em.find(GaRealmStateEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
    }

    @Override
    public GaRealmStateEntity recordSystemGroups(String realmId, SystemGroups groups, long now) {
        GaRealmStateEntity state = em.find(GaRealmStateEntity.class, realmId);
        boolean created = state == null;
        if (created) {
            state = new GaRealmStateEntity();
            state.setRealmId(realmId);
            state.setCreatedAt(now);
        }
        state.setAdminsGroupId(groups.adminsGroupId());
        state.setReadOnlyAdminsGroupId(groups.readOnlyAdminsGroupId());
        state.setUsersGroupId(groups.usersGroupId());
        state.setUpdatedAt(now);
        if (created) {
            em.persist(state);
        }
        em.flush();
        return state;
    }

    @Override
    public void markMembershipsSeeded(String realmId, long at) {
        em.find(GaRealmStateEntity.class, realmId).setMembershipsSeededAt(at);
        em.flush();
    }

    @Override
    public void saveConfiguration(
            String realmId, SystemGroups groups, String config, long updatedAt, String updatedBy) {
        GaRealmStateEntity state = em.find(GaRealmStateEntity.class, realmId);
        state.setAdminsGroupId(groups.adminsGroupId());
        state.setReadOnlyAdminsGroupId(groups.readOnlyAdminsGroupId());
        state.setUsersGroupId(groups.usersGroupId());
        state.setConfig(config);
        state.setUpdatedAt(updatedAt);
        state.setUpdatedBy(updatedBy);
        em.flush();
    }

    @Override
    public void deleteRealm(String realmId) {
        em.createQuery("delete from GaRealmStateEntity s where s.realmId = :realmId")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
