package org.gatewayaccess.keycloak.adminconsole;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatewayaccess.keycloak.config.GatewayConfigStore;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.realm.RealmTransactions;
import org.gatewayaccess.keycloak.representation.Config;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * Keeps the admin console's configuration tab ({@link ConfigTab}) equal to the document in
 * force. Keycloak's admin console reads a tab's form from a realm component of type
 * {@code UiTabProvider}; this class creates that component when a realm is set up and rewrites
 * it whenever the document changes by another way. It does nothing when the
 * {@code declarative-ui} feature is off (the tab's factory is then not loaded), so such
 * servers get no component that an import elsewhere would have to know.
 */
public final class ConfigTabMirror {

    private static final Logger LOG = Logger.getLogger(ConfigTabMirror.class);
    private static final String MIRRORING = ConfigTabMirror.class.getName() + ".mirroring";

    private final KeycloakSession session;

    private ConfigTabMirror(KeycloakSession session) {
        this.session = session;
    }

    /** The configuration tab of this session's realms. */
    public static ConfigTabMirror of(KeycloakSession session) {
        return new ConfigTabMirror(session);
    }

    /** Writes the realm's current document into the tab, creating the tab's component if missing. */
    public void ensure(RealmModel realm) {
        if (!enabled()) {
            return;
        }
        GatewayGroups.of(session, realm)
                .ifPresent(groups ->
                        write(realm, new GatewayConfigStore(session).render(realm, groups.system(), groups.config())));
    }

    /**
     * After this transaction commits, rewrites the tab from the stored document, in a
     * transaction of its own: for changes that alter how the document reads without going
     * through {@code PUT /config} (a group renamed or moved shows its new path; a removed
     * group's mappings are gone), so that saving the tab later does not bring back a stale path.
     */
    public void refreshAfterCommit(RealmModel realm) {
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
                            ConfigTabMirror.of(s).ensure(r);
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warnf(
                            e,
                            "Could not refresh the admin console's Gateway Access tab of realm %s; it is refreshed at the next start",
                            realmId);
                }
            }

            @Override
            protected void rollbackImpl() {}
        });
    }

    /** Writes this document (as {@code GET /config} renders it) into the tab, if the tab exists on this server. */
    public void write(RealmModel realm, Config document) {
        if (!enabled() || isMirroring()) {
            return;
        }
        Map<String, List<String>> form = ConfigForm.toForm(Json.parse(Json.write(document), "the document"));
        session.setAttribute(MIRRORING, Boolean.TRUE);
        try {
            Optional<ComponentModel> existing = component(realm);
            if (existing.isPresent()) {
                ComponentModel tab = existing.get();
                if (!Objects.equals(form, new java.util.HashMap<>(tab.getConfig()))) {
                    setForm(tab, form);
                    realm.updateComponent(tab);
                }
            } else {
                ComponentModel tab = new ComponentModel();
                tab.setName(ConfigTab.ID);
                tab.setProviderId(ConfigTab.ID);
                tab.setProviderType(UiTabProvider.class.getName());
                tab.setParentId(realm.getId());
                setForm(tab, form);
                realm.addComponentModel(tab);
            }
        } finally {
            session.removeAttribute(MIRRORING);
        }
    }

    /** Replaces every field of the component (an earlier version's single JSON field goes too). */
    static void setForm(ComponentModel model, Map<String, List<String>> form) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        form.forEach((key, values) -> config.put(key, new java.util.ArrayList<>(values)));
        model.setConfig(config);
    }

    boolean isMirroring() {
        return session.getAttribute(MIRRORING) != null;
    }

    /** Whether the tab is live on this server: declarative-ui on (without it the factory is loaded inert, see {@link InertUiComponents}). */
    private boolean enabled() {
        return !InertUiComponents.featureOff()
                && session.getKeycloakSessionFactory().getProviderFactory(UiTabProvider.class, ConfigTab.ID) != null;
    }

    private static Optional<ComponentModel> component(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(c -> ConfigTab.ID.equals(c.getProviderId()))
                .findFirst();
    }
}
