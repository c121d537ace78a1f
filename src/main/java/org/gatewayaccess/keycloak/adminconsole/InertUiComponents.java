package org.gatewayaccess.keycloak.adminconsole;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiTabProvider;

import java.util.List;

/**
 * Lets a realm export from a Keycloak with {@code declarative-ui} import into one without it. Keycloak imports
 * every component of a realm file and refuses one whose provider type it does not know ("Invalid provider type");
 * without the feature it does not load the {@code ui-tab} and {@code ui-page} SPIs, so the tab's and the page's
 * components ({@link ConfigTabMirror}, {@link PoolsPageMirror}) would fail the whole import. Only on such servers
 * these two SPIs of our own stand in for the provider types, with inert factories of the same ids: the components
 * are imported as they are, nothing reads them, and the admin console (which shows tabs and pages only with the
 * feature) shows nothing. Exported again, they travel back unchanged; on a server with the feature, the mirrors
 * rewrite them from {@code GA_POOL} and the configuration in force. Components of other extensions' tabs are not ours
 * to accept and still fail as before.
 */
public final class InertUiComponents {

    private InertUiComponents() {
    }

    static boolean featureOff() {
        return !Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
    }

    /** The factory type of the stand-in for {@code ui-tab}. */
    public interface TabFactory extends ComponentFactory<Object, UiTabProvider> {
    }

    /** The factory type of the stand-in for {@code ui-page}. */
    public interface PageFactory extends ComponentFactory<Object, UiPageProvider> {
    }

    @AutoService(Spi.class)
    public static final class TabSpi implements Spi {
        @Override
        public boolean isInternal() {
            return true;
        }

        @Override
        public String getName() {
            return "gateway-access-inert-ui-tab";
        }

        @Override
        public Class<? extends Provider> getProviderClass() {
            return UiTabProvider.class;
        }

        @Override
        public Class<? extends ProviderFactory> getProviderFactoryClass() {
            return TabFactory.class;
        }

        @Override
        public boolean isEnabled() {
            return featureOff();
        }
    }

    @AutoService(Spi.class)
    public static final class PageSpi implements Spi {
        @Override
        public boolean isInternal() {
            return true;
        }

        @Override
        public String getName() {
            return "gateway-access-inert-ui-page";
        }

        @Override
        public Class<? extends Provider> getProviderClass() {
            return UiPageProvider.class;
        }

        @Override
        public Class<? extends ProviderFactory> getProviderFactoryClass() {
            return PageFactory.class;
        }

        @Override
        public boolean isEnabled() {
            return featureOff();
        }
    }

    /** Accepts the tab's component unread. */
    @AutoService(TabFactory.class)
    public static final class Tab extends Inert implements TabFactory {
        @Override
        public String getId() {
            return ConfigTab.ID;
        }
    }

    /** Accepts the page's components unread. */
    @AutoService(PageFactory.class)
    public static final class Page extends Inert implements PageFactory {
        @Override
        public String getId() {
            return PoolsPage.ID;
        }
    }

    abstract static class Inert {

        public Object create(KeycloakSession session, ComponentModel model) {
            return null;
        }

        public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
            // nothing to check: nobody reads these components on this server
        }

        public String getHelpText() {
            return "Inert without the declarative-ui feature: kept so that realm exports import.";
        }

        public List<ProviderConfigProperty> getConfigProperties() {
            return List.of();
        }

        public void init(Config.Scope config) {
        }

        public void postInit(KeycloakSessionFactory factory) {
        }

        public void close() {
        }
    }
}
