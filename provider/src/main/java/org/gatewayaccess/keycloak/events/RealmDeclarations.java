package org.gatewayaccess.keycloak.events;

import java.util.Objects;
import java.util.Optional;
import org.gatewayaccess.keycloak.adminconsole.ConfigTabMirror;
import org.gatewayaccess.keycloak.audit.EventActor;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.pool.DeclaredPools;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.representation.Config;
import org.gatewayaccess.keycloak.sync.ConfigUpdate;
import org.gatewayaccess.keycloak.sync.DeclaredConfig;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;

/**
 * Configuration as code: the realm attributes {@value ConfigUpdate#ATTRIBUTE} and {@value DeclaredPools#ATTRIBUTE}
 * are what the gateway does, whichever way the realm got them. Applied
 * <ul>
 * <li>when a realm is created or imported ({@code --import-realm}, {@code kc.sh import}, also one that overrides an
 * existing realm, the admin API's realm creation): an invalid declaration fails the import, as before;</li>
 * <li>when a realm update ({@code PUT /admin/realms/{realm}}: keycloak-config-cli, Terraform, the admin console)
 * changed either attribute: validated as {@code PUT /config} and {@code POST /pools} validate, applied in the same
 * transaction, and an invalid one fails the whole realm update with 400 naming the problem (409 {@code last_admin} if
 * it would leave no admin), so that the realm never says one thing while the extension does another;</li>
 * <li>after changes that can pull a declared pool away from its declaration without touching the attributes — a
 * realm update that left them as they were, a partial import, an identity provider created (a partial import that
 * overwrites a provider deletes it first, which unties its pools): the declaration converges again if it is valid, and
 * is left as it is (logged) if not, since the change that triggered it did not concern it.</li>
 * </ul>
 * Keycloak swallows what an admin-event listener throws, so a refusal is carried to a transaction enlisted to prepare
 * ({@link PrepareRefusal}), whose commit throws it before the database commit: Keycloak then rolls the whole request
 * back and answers with it (see {@link LiveRoleSources}).
 */
final class RealmDeclarations {

    private static final Logger LOG = Logger.getLogger(RealmDeclarations.class);
    private static final String APPLIED = "gateway-access.declarations-applied.";

    private final KeycloakSession session;

    RealmDeclarations(KeycloakSession session) {
        this.session = session;
    }

    /** The admin events after which the declaration is applied; {@code true} when this is one of them (and it was handled). */
    boolean onAdminEvent(AdminEvent event) {
        if (event.getRealmId() == null || event.getResourceType() == null) {
            return false;
        }
        String path = event.getResourcePath() == null ? "" : event.getResourcePath();
        boolean realmUpdate = event.getResourceType() == ResourceType.REALM
                && event.getOperationType() == OperationType.UPDATE
                && path.isEmpty();
        boolean providerImported =
                event.getResourceType() == ResourceType.REALM && path.startsWith("identity-provider-settings/");
        boolean providerCreated = event.getResourceType() == ResourceType.IDENTITY_PROVIDER
                && event.getOperationType() == OperationType.CREATE;
        if (!realmUpdate && !providerImported && !providerCreated) {
            return false;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !GatewayRealmSetup.isGateway(realm)) {
            return true;
        }
        if (realmUpdate) {
            realmUpdated(realm);
        } else if (session.getAttribute(APPLIED + realm.getId()) == null) {
            session.setAttribute(
                    APPLIED + realm.getId(), Boolean.TRUE); // a partial import sends one event per provider
            converge(realm);
        }
        return true;
    }

    /** A realm just created or imported: an invalid declaration fails the creation (Keycloak answers 400 with the message). */
    void realmCreated(RealmModel realm) {
        try {
            apply(realm);
        } catch (GatewayAccessException | LastAdminException e) {
            throw new ModelException(e.getMessage());
        }
    }

    private void realmUpdated(RealmModel realm) {
        boolean changed = attributesChanged(realm);
        if (!changed) {
            converge(realm);
            return;
        }
        try {
            apply(realm);
        } catch (GatewayAccessException e) {
            session.getTransactionManager()
                    .enlistPrepare(new PrepareRefusal(KeycloakRefusal.of(400, e.code(), e.getMessage())));
        } catch (LastAdminException e) {
            session.getTransactionManager().enlistPrepare(new PrepareRefusal(KeycloakRefusal.lastAdmin(e)));
        }
    }

    /** Applies a valid declaration; leaves an invalid one as it is, since the change at hand did not concern it. */
    private void converge(RealmModel realm) {
        try {
            apply(realm);
        } catch (GatewayAccessException | LastAdminException e) {
            LOG.warnf(
                    "Realm %s: its declaration stays unapplied until it is corrected: %s",
                    realm.getName(), e.getMessage());
        }
    }

    /** Both declarations, the pools' validated before the configuration is stored, so that a refusal leaves both untouched. */
    private void apply(RealmModel realm) {
        RealmTransactions.onRealm(session, realm, () -> {
            EventActor actor = EventActor.of(session, realm.getId(), null);
            String config = realm.getAttribute(ConfigUpdate.ATTRIBUTE);
            String pools = realm.getAttribute(DeclaredPools.ATTRIBUTE);
            DeclaredPools declaredPools = new DeclaredPools(session);
            DeclaredPools.Declaration declared =
                    naming(DeclaredPools.ATTRIBUTE, realm, () -> declaredPools.validate(realm, pools));
            Optional<Config> document = naming(
                    ConfigUpdate.ATTRIBUTE, realm, () -> new DeclaredConfig(session).apply(realm, config, actor));
            document.ifPresent(
                    d -> ConfigTabMirror.of(session).write(realm, d)); // the admin console's tab shows what is in force
            // validated above, before the configuration was stored; a name taken meanwhile is still refused by its
            // owner
            naming(DeclaredPools.ATTRIBUTE, realm, () -> declaredPools.apply(realm, declared, actor));
            return null;
        });
    }

    /** A refusal names the attribute it is about and the realm, as an import's error message must. */
    private static <T> T naming(String attribute, RealmModel realm, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (GatewayAccessException e) {
            throw new GatewayAccessException(
                    e.status(),
                    e.code(),
                    "Invalid " + attribute + " in realm " + realm.getName() + ": " + e.getMessage());
        }
    }

    /** Whether this request changed either attribute: the committed values, read in a session of its own, differ from this one's. */
    private boolean attributesChanged(RealmModel realm) {
        String config = realm.getAttribute(ConfigUpdate.ATTRIBUTE);
        String pools = realm.getAttribute(DeclaredPools.ATTRIBUTE);
        String[] committed = RealmTransactions.runWithResult(session.getKeycloakSessionFactory(), realm.getId(), s -> {
            RealmModel stored = s.realms().getRealm(realm.getId());
            return stored == null
                    ? new String[2]
                    : new String[] {
                        stored.getAttribute(ConfigUpdate.ATTRIBUTE), stored.getAttribute(DeclaredPools.ATTRIBUTE)
                    };
        });
        return !Objects.equals(config, committed[0]) || !Objects.equals(pools, committed[1]);
    }
}
