package org.gatewayaccess.keycloak.adminconsole;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.storage.GaPoolEntity;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * Keeps the "Gateway pools" page ({@link PoolsPage}) equal to {@code GA_POOL}: one realm component per
 * pool, with the pool's id, written in the same transaction as the pool by {@code PoolService} (whoever
 * called it: REST API, access console, declaration, the page) and rebuilt from {@code GA_POOL} when a
 * realm is set up and after changes made in bulk (an identity provider removed unties its pools). Nothing
 * happens without {@code declarative-ui} (the page's factory is then not loaded).
 */
public final class PoolsPageMirror {

    private static final Logger LOG = Logger.getLogger(PoolsPageMirror.class);
    private static final String MIRRORING = PoolsPageMirror.class.getName() + ".mirroring";

    private final KeycloakSession session;

    private PoolsPageMirror(KeycloakSession session) {
        this.session = session;
    }

    /** The pools page of this session's realms. */
    public static PoolsPageMirror of(KeycloakSession session) {
        return new PoolsPageMirror(session);
    }

    /** After {@code PoolService} created or replaced a pool. */
    public void put(RealmModel realm, GaPoolEntity pool) {
        if (!enabled() || isMirroring()) {
            return;
        }
        whileMirroring(() -> {
            write(realm, pool, component(realm, pool.getId()));
            return null;
        });
    }

    /** After {@code PoolService} deleted a pool. */
    public void removed(RealmModel realm, String poolId) {
        if (!enabled() || isMirroring()) {
            return;
        }
        whileMirroring(() -> {
            ComponentModel c = component(realm, poolId);
            if (c != null) {
                realm.removeComponent(c);
            }
            return null;
        });
    }

    /** Makes the page's components exactly the realm's pools: missing ones added, stale ones rewritten, others removed. */
    public void rebuild(RealmModel realm, List<GaPoolEntity> pools) {
        if (!enabled()) {
            return;
        }
        whileMirroring(() -> {
            Map<String, ComponentModel> existing = realm.getComponentsStream(
                            realm.getId(), UiPageProvider.class.getName())
                    .filter(c -> PoolsPage.ID.equals(c.getProviderId()))
                    .collect(Collectors.toMap(ComponentModel::getId, c -> c, (a, b) -> a));
            Set<String> ids = pools.stream().map(GaPoolEntity::getId).collect(Collectors.toSet());
            existing.values().stream().filter(c -> !ids.contains(c.getId())).forEach(realm::removeComponent);
            pools.forEach(p -> write(realm, p, existing.get(p.getId())));
            return null;
        });
    }

    /** {@link #rebuild} after this transaction commits, in one of its own (for changes made in bulk, such as a provider removed). */
    public void rebuildAfterCommit(RealmModel realm) {
        if (!enabled()) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    RealmTransactions.run(factory, realmId, s -> {
                        RealmModel r = s.realms().getRealm(realmId);
                        if (r != null) {
                            PoolsPageMirror.of(s)
                                    .rebuild(r, new org.gatewayaccess.keycloak.pool.PoolService(s, r).list());
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warnf(
                            e,
                            "Could not refresh the admin console's Gateway pools page of realm %s; it is rebuilt at the next start",
                            realmId);
                }
            }

            @Override
            protected void rollbackImpl() {}
        });
    }

    /** The pool's fields as the page's form holds them. */
    static void fill(ComponentModel model, GaPoolEntity pool) {
        model.setName(pool.getName());
        model.setConfig(form(pool));
    }

    private static MultivaluedHashMap<String, String> form(GaPoolEntity pool) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(PoolsPage.NAME, pool.getName());
        if (pool.getIdentityProvider() != null) {
            config.putSingle(PoolsPage.IDENTITY_PROVIDER, pool.getIdentityProvider());
        }
        if (pool.getDescription() != null) {
            config.putSingle(PoolsPage.DESCRIPTION, pool.getDescription());
        }
        return config;
    }

    private static void write(RealmModel realm, GaPoolEntity pool, ComponentModel existing) {
        if (existing == null) {
            ComponentModel c = new ComponentModel();
            c.setId(pool.getId());
            c.setProviderId(PoolsPage.ID);
            c.setProviderType(UiPageProvider.class.getName());
            c.setParentId(realm.getId());
            fill(c, pool);
            realm.addComponentModel(c);
        } else if (!Objects.equals(new HashMap<>(form(pool)), new HashMap<>(existing.getConfig()))
                || !Objects.equals(pool.getName(), existing.getName())) {
            fill(existing, pool);
            realm.updateComponent(existing);
        }
    }

    private static ComponentModel component(RealmModel realm, String poolId) {
        ComponentModel c = realm.getComponent(poolId);
        return c != null
                        && PoolsPage.ID.equals(c.getProviderId())
                        && realm.getId().equals(c.getParentId())
                ? c
                : null;
    }

    <T> T whileMirroring(Supplier<T> work) {
        Object before = session.getAttribute(MIRRORING);
        session.setAttribute(MIRRORING, Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (before == null) {
                session.removeAttribute(MIRRORING);
            }
        }
    }

    boolean isMirroring() {
        return session.getAttribute(MIRRORING) != null;
    }

    private boolean enabled() {
        return !InertUiComponents.featureOff()
                && session.getKeycloakSessionFactory().getProviderFactory(UiPageProvider.class, PoolsPage.ID) != null;
    }
}
