package org.gatewayaccess.keycloak.adminconsole;

import com.google.auto.service.AutoService;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatewayaccess.keycloak.config.GatewayConfigParser;
import org.gatewayaccess.keycloak.config.GatewayConfigStore;
import org.gatewayaccess.keycloak.json.Json;
import org.gatewayaccess.keycloak.membership.GatewayGroups;
import org.gatewayaccess.keycloak.membership.LastAdminException;
import org.gatewayaccess.keycloak.model.GatewayAccessException;
import org.gatewayaccess.keycloak.realm.GatewayRealmSetup;
import org.gatewayaccess.keycloak.sync.ConfigUpdate;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The "Gateway Access" tab under Realm settings in Keycloak's admin console: the realm's
 * configuration document as a form ({@link ConfigForm}: group and role pickers, provider
 * lists, switches), validated exactly as {@code PUT /config} validates it (an unknown role,
 * group or provider is refused with the same sentence).
 *
 * <p>Keycloak shows such tabs only with the experimental feature {@code declarative-ui}
 * ({@code --features=declarative-ui}); without it this factory is never loaded. The admin
 * console keeps a tab's form in a realm component, so that component is a mirror
 * ({@link ConfigTabMirror}): saving the tab stores the document the way {@code PUT /config}
 * does, and every other change of the document ({@code PUT /config}, a realm import) is
 * written back into the component, so the tab always shows what is in force.
 */
@AutoService(UiTabProviderFactory.class)
public final class ConfigTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    /** Also the tab's title in the admin console. */
    public static final String ID = "Gateway Access";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "The Gateway Access configuration of this realm: the document of GET/PUT /config.";
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "gateway-access");
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ConfigForm.properties();
    }

    /**
     * Runs before Keycloak stores the component (create, update, import). Parses the document as
     * {@code PUT /config} does and replaces the fields with the stored document's (defaults
     * filled in, the route's and pickers' extra fields dropped), so the tab shows exactly what will be in force.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (ConfigTabMirror.of(session).isMirroring() || InertUiComponents.featureOff()) {
            return;
        }
        if (!GatewayRealmSetup.isGateway(realm)) {
            // the admin console offers tab and page in every realm, Keycloak's administration realm too
            throw new ComponentValidationException(ConfigTab.asMessageFormat("Realm '" + realm.getName()
                    + "' is Keycloak's administration realm, not a gateway: choose a gateway realm."));
        }
        Optional<GatewayGroups> groups = GatewayGroups.of(session, realm);
        if (groups.isEmpty()) {
            // A realm being imported is not set up yet: the realm attribute gatewayAccess.config is
            // what the import declares (validated then); this component is overwritten to match it.
            return;
        }
        try {
            GatewayConfigParser.Parsed parsed = parse(session, realm, groups.get(), model);
            ConfigTabMirror.setForm(
                    model,
                    ConfigForm.toForm(Json.parse(
                            Json.write(new GatewayConfigStore(session)
                                    .render(realm, parsed.systemGroups(), parsed.config())),
                            "the document")));
        } catch (GatewayAccessException e) {
            throw new ComponentValidationException(asMessageFormat(e.getMessage()));
        }
    }

    /**
     * Keycloak renders a component error through {@link java.text.MessageFormat}, which would eat
     * the quotes around names in our sentences; quoted here so the admin console shows the same
     * sentence as {@code PUT /config}.
     */
    static String asMessageFormat(String sentence) {
        return sentence.replace("'", "''").replace("{", "'{'").replace("}", "'}'");
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        store(session, realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        store(session, realm, newModel);
    }

    private static void store(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (ConfigTabMirror.of(session).isMirroring() || InertUiComponents.featureOff()) {
            return;
        }
        Optional<GatewayGroups> before = GatewayGroups.of(session, realm);
        if (before.isEmpty()) {
            return;
        }
        GatewayConfigParser.Parsed parsed = parse(session, realm, before.get(), model);
        try {
            new ConfigUpdate(session).save(realm, before.get(), parsed, actorId(session));
        } catch (LastAdminException e) {
            throw new ComponentValidationException(
                    asMessageFormat(e.getMessage())); // the admin console shows it; nothing is saved
        }
    }

    /** The form's fields as a {@code PUT /config} body, through the very parser {@code PUT /config} uses. */
    private static GatewayConfigParser.Parsed parse(
            KeycloakSession session, RealmModel realm, GatewayGroups groups, ComponentModel model) {
        String body = Json.write(ConfigForm.toDocument(model.getConfig()));
        return new GatewayConfigParser(session, realm)
                .parse(body, groups.system(), groups.config().adminClientScopeRequired());
    }

    /**
     * The admin who saved the tab: the subject of the admin API request's bearer token. Keycloak
     * verified that token for this very request before it called the component hooks, so reading
     * its subject is enough here. (Not {@code KeycloakContext.getBearerToken()}: its return type
     * changed between 26.5 and 26.7.) Null for an import or a request without a token.
     */
    private static String actorId(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        String authorization = headers == null ? null : headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        try {
            return new JWSInput(authorization.substring(7).trim())
                    .readJsonContent(AccessToken.class)
                    .getSubject();
        } catch (JWSInputException e) {
            return null;
        }
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}
}
