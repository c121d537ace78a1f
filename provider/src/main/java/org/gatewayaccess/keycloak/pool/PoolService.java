package org.gatewayaccess.keycloak.pool;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.grant.GrantStore;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.model.Ids;
import org.gatewayaccess.keycloak.storage.GaGrantEntity;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.gatewayaccess.keycloak.storage.GatewayAccessStore;
import org.gatewayaccess.keycloak.storage.PoolRows;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Pools of one realm: create, replace, delete, read; hands link-derived viewer grants to {@link PoolViewerSync}.
 * Each pool has one owner ({@link #SOURCE_ADMIN} or {@link #SOURCE_DECLARATION}), and each writer changes only its
 * own: the REST API and the consoles may not replace or delete a declared pool (409 {@code declared_pool}), and the
 * declaration ({@link DeclaredPools}) never touches a pool made through them.
 */
public final class PoolService {

    /** Made through the REST API, the access console or the admin console's pools page. */
    public static final String SOURCE_ADMIN = "admin";
    /** Declared in the realm attribute {@value DeclaredPools#ATTRIBUTE}, and changed only by changing that. */
    public static final String SOURCE_DECLARATION = "declaration";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PoolRows pools;
    private final GrantStore grants;

    public PoolService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.pools = GatewayAccessStore.of(session).pools();
        this.grants = new GrantStore(session);
    }

    public List<GaPoolEntity> list() {
        return pools.inRealm(realm.getId());
    }

    public java.util.Optional<GaPoolEntity> findByName(String name) {
        return pools.byName(realm.getId(), name);
    }

    /** The pool, or 404; ids that we cannot have generated are refused before the lookup. */
    public GaPoolEntity get(String id) {
        if (!Ids.isUuid(id)) {
            throw GatewayAccessException.badRequest(
                    "invalid_id", "Pool ids are UUIDs; '" + abbreviate(id) + "' is not one.");
        }
        GaPoolEntity pool = pools.find(id);
        if (pool == null || !pool.getRealmId().equals(realm.getId())) {
            throw GatewayAccessException.notFound("pool_not_found", "No pool with id " + id + " exists in this realm.");
        }
        return pool;
    }

    /** Creates the pool; its link-derived viewers are granted right after the commit ({@link PoolViewerSync}). */
    public GaPoolEntity create(PoolInput input, EventActor actor) {
        return create(input, actor, UUID.randomUUID().toString(), SOURCE_ADMIN);
    }

    /** A declared pool: owned by the declaration, and its id is {@link #declaredId}. */
    GaPoolEntity createDeclared(PoolInput input, EventActor actor) {
        return create(input, actor, declaredId(input.name()), SOURCE_DECLARATION);
    }

    /**
     * A declared pool's id is derived from the realm's id and the pool's name (a name-based UUID), so that importing
     * the same realm file again over the realm ({@code kc.sh import --override true}, which deletes the realm and
     * creates it anew) gives its declared pools the ids they had, and the gateways that store them keep working.
     */
    String declaredId(String name) {
        return UUID.nameUUIDFromBytes(
                        ("gateway-access:pool:" + realm.getId() + ":" + name).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private GaPoolEntity create(PoolInput input, EventActor actor, String id, String source) {
        requireKnownProvider(input.identityProvider());
        requireFreeName(input.name(), null);
        if (pools.find(id) != null) {
            throw nameTaken(input.name()); // a declared pool's id is its name's: only that name can be there already
        }
        long now = System.currentTimeMillis();
        GaPoolEntity pool = new GaPoolEntity();
        pool.setId(id);
        pool.setSource(source);
        pool.setRealmId(realm.getId());
        pool.setName(input.name());
        pool.setDescription(input.description());
        pool.setIdentityProvider(input.identityProvider());
        pool.setCreatedAt(now);
        pool.setCreatedBy(actor.userId());
        pool.setUpdatedAt(now);
        pool.setUpdatedBy(actor.userId());
        if (!pools.add(pool)) {
            throw nameTaken(input.name());
        }
        new PoolChangedEvent(session, realm, pool.getId(), pool)
                .publish(); // the admin console's page, in this same transaction
        if (pool.getIdentityProvider() != null) {
            PoolViewerSync.of(session).afterCommit(realm, pool.getId(), actor);
        }
        return pool;
    }

    /** Replaces the pool; a changed provider's grants are swapped right after the commit ({@link PoolViewerSync}). */
    public GaPoolEntity replace(String id, PoolInput input, EventActor actor) {
        GaPoolEntity pool = get(id);
        requireNotDeclared(pool);
        return replace(pool, input, actor);
    }

    /** The declaration's own change of one of its pools (and how it takes over a pool of an earlier version). */
    GaPoolEntity replaceDeclared(GaPoolEntity pool, PoolInput input, EventActor actor) {
        pools.setSource(pool, SOURCE_DECLARATION);
        return replace(pool, input, actor);
    }

    private GaPoolEntity replace(GaPoolEntity pool, PoolInput input, EventActor actor) {
        requireKnownProvider(input.identityProvider());
        requireFreeName(input.name(), pool.getId());
        String oldProvider = pool.getIdentityProvider();
        pool.setName(input.name());
        pool.setDescription(input.description());
        pool.setIdentityProvider(input.identityProvider());
        pool.setUpdatedAt(System.currentTimeMillis());
        pool.setUpdatedBy(actor.userId());
        if (!pools.update(pool)) {
            throw nameTaken(input.name());
        }
        new PoolChangedEvent(session, realm, pool.getId(), pool).publish();
        if (!Objects.equals(oldProvider, input.identityProvider())) {
            PoolViewerSync.of(session).afterCommit(realm, pool.getId(), actor);
        }
        return pool;
    }

    public void delete(String id) {
        GaPoolEntity pool = get(id);
        requireNotDeclared(pool);
        delete(pool);
    }

    void delete(GaPoolEntity pool) {
        grants.removeForResource(realm.getId(), PoolGrantService.POOL, pool.getId());
        pools.remove(pool);
        new PoolChangedEvent(session, realm, pool.getId(), null).publish();
    }

    public List<GaGrantEntity> viewerGrants(String id) {
        GaPoolEntity pool = get(id);
        return grants.forResource(realm.getId(), PoolGrantService.POOL, pool.getId());
    }

    /** The pools the declaration owns, by name. */
    List<GaPoolEntity> declared() {
        return pools.bySource(realm.getId(), SOURCE_DECLARATION);
    }

    /** Pools of an earlier version, whose owner is not recorded yet. */
    List<GaPoolEntity> untracked() {
        return pools.untracked(realm.getId());
    }

    /** The owner a client sees: a pool of an earlier version not settled yet behaves as an admin's. */
    public static String sourceOf(GaPoolEntity pool) {
        return pool.getSource() == null ? SOURCE_ADMIN : pool.getSource();
    }

    private static void requireNotDeclared(GaPoolEntity pool) {
        if (SOURCE_DECLARATION.equals(pool.getSource())) {
            throw GatewayAccessException.conflict(
                    "declared_pool",
                    "Pool '" + abbreviate(pool.getName()) + "' is declared in the realm" + " attribute "
                            + DeclaredPools.ATTRIBUTE
                            + "; change it there (realm JSON, keycloak-config-cli, Terraform), not here.");
        }
    }

    void requireKnownProvider(String alias) {
        if (alias != null && session.identityProviders().getByAlias(alias) == null) {
            throw GatewayAccessException.badRequest(
                    "unknown_identity_provider",
                    "No identity provider with alias '" + abbreviate(alias) + "' exists in this realm.");
        }
    }

    void requireFreeName(String name, String exceptPoolId) {
        boolean taken =
                findByName(name).filter(p -> !p.getId().equals(exceptPoolId)).isPresent();
        if (taken) {
            throw nameTaken(name);
        }
    }

    /**
     * Two requests may pass the name check at once; the unique constraint decides (the store's add or update says
     * false), and the loser gets 409, not 500.
     */
    private static GatewayAccessException nameTaken(String name) {
        return GatewayAccessException.conflict(
                "pool_name_taken", "A pool named '" + abbreviate(name) + "' already exists in this realm.");
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "…";
    }
}
