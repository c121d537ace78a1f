package org.gatewayaccess.keycloak.resource;

import java.util.List;
import org.gatewayaccess.keycloak.grant.GrantStore;
import org.gatewayaccess.keycloak.metrics.GatewayAccessMetrics;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.GrantSource;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.model.Permission;
import org.gatewayaccess.keycloak.model.Principal;
import org.gatewayaccess.keycloak.pool.PoolGrantService;
import org.gatewayaccess.keycloak.realm.SystemGroups;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.gatewayaccess.keycloak.storage.GaResourceEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.GrantRows;
import org.gatewayaccess.keycloak.storage.ResourceRows;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Gateway-owned resources (any type but {@code pool}) and their grants. Registering one
 * seeds it: the registering user gets {@code manage}, the admins group {@code edit} and the
 * read-only admins group {@code view}, all with source {@code seed}, so that admins see new
 * objects without anyone remembering to share them.
 */
public final class ResourceService {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ResourceRows resources;
    private final GrantRows grantRows;
    private final GrantStore grants;

    public ResourceService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        GatewayAccessStore store = GatewayAccessStore.of(session);
        this.resources = store.resources();
        this.grantRows = store.grants();
        this.grants = new GrantStore(session);
    }

    /** 400 unless the type and id are well-formed and the type is not the built-in {@code pool}. */
    public static void validate(String type, String id) {
        validateType(type);
        if (!Ids.isValidResourceId(id)) {
            throw GatewayAccessException.badRequest(
                    "invalid_id", "A resource id is 1 to 255 letters, digits or any of : . _ @ + = - (and no '..').");
        }
    }

    public static void validateType(String type) {
        if (!Ids.isValidResourceType(type)) {
            throw GatewayAccessException.badRequest(
                    "invalid_type_name", "A resource type is 1 to 64 lower-case letters, digits or '-'.");
        }
        if (PoolGrantService.POOL.equals(type)) {
            throw GatewayAccessException.badRequest(
                    "reserved_type", "Pools are managed under /pools, not /resources/pool.");
        }
    }

    /**
     * Registers the resource; false (and nothing written) if it exists — a second
     * registration never hands out {@code manage} again.
     *
     * @param ownerId the registering user, or null when the caller is not a user of this realm
     */
    public boolean register(String type, String id, String ownerId, SystemGroups groups, String actorId) {
        validate(type, id);
        if (resources.find(realm.getId(), type, id) != null) {
            return false;
        }
        long now = System.currentTimeMillis();
        GaResourceEntity resource = new GaResourceEntity();
        resource.setRealmId(realm.getId());
        resource.setResourceType(type);
        resource.setResourceId(id);
        resource.setCreatedBy(actorId);
        resource.setCreatedAt(now);
        resources.add(resource);
        int seeded = 0;
        if (ownerId != null) {
            seeded += add(type, id, Principal.user(ownerId), Permission.MANAGE, actorId, now) ? 1 : 0;
        }
        seeded += add(type, id, Principal.group(groups.adminsGroupId()), Permission.EDIT, actorId, now) ? 1 : 0;
        seeded += add(type, id, Principal.group(groups.readOnlyAdminsGroupId()), Permission.VIEW, actorId, now) ? 1 : 0;
        GatewayAccessMetrics.grants(GrantSource.SEED, true, seeded);
        return true;
    }

    /** The registered resource, or null. */
    public GaResourceEntity find(String type, String id) {
        validate(type, id);
        return resources.find(realm.getId(), type, id);
    }

    /**
     * How many registered resources the user holds the {@code manage} grant of registration on (source {@code seed}):
     * the resources it registered that still exist. One query on the principal index ({@code IDX_GA_GRANT_PRINCIPAL}).
     */
    public long registeredBy(String userId) {
        return grantRows.countHeldBy(
                realm.getId(), userId, Permission.MANAGE.wireName(), GrantSource.SEED, PoolGrantService.POOL);
    }

    public GaResourceEntity get(String type, String id) {
        validate(type, id);
        GaResourceEntity resource = resources.find(realm.getId(), type, id);
        if (resource == null) {
            throw GatewayAccessException.notFound(
                    "resource_not_found", "No resource " + type + "/" + id + " is registered.");
        }
        return resource;
    }

    public List<GaGrantEntity> grants(String type, String id) {
        get(type, id);
        return grants.forResource(realm.getId(), type, id);
    }

    /** Adds or removes the {@code admin} source of one grant; true when something changed. */
    public boolean adminGrant(
            String type, String id, Principal principal, Permission permission, boolean add, String actorId) {
        get(type, id);
        boolean changed = add
                ? grants.add(
                        realm.getId(),
                        type,
                        id,
                        principal,
                        permission,
                        GrantSource.ADMIN,
                        actorId,
                        System.currentTimeMillis())
                : grants.remove(realm.getId(), type, id, principal, permission, GrantSource.ADMIN);
        if (changed) {
            GatewayAccessMetrics.grants(GrantSource.ADMIN, add, 1);
        }
        return changed;
    }

    /** The resource and every grant on it, whatever their source. */
    public void delete(String type, String id) {
        GaResourceEntity resource = get(type, id);
        int removed = grants.removeForResource(realm.getId(), type, id);
        resources.remove(resource);
        GatewayAccessMetrics.grants("any", false, removed);
    }

    private boolean add(String type, String id, Principal principal, Permission permission, String actorId, long now) {
        return grants.add(realm.getId(), type, id, principal, permission, GrantSource.SEED, actorId, now);
    }
}
