package org.gatewayaccess.keycloak.adminconsole;

import com.google.auto.service.AutoService;
import org.keycloak.common.Profile;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * Lets a realm export from a Keycloak with {@code declarative-ui} import into one without it. Keycloak imports
 * every component of a realm file and refuses one whose provider type it does not know ("Invalid provider type");
 * without the feature it does not load the {@code ui-tab} and {@code ui-page} SPIs, so the tab's and the page's
 * components ({@link ConfigTabMirror}, {@link PoolsPageMirror}) would fail the whole import. Only on such servers
 * these two SPIs of our own stand in for the provider types. They load the very same factories as Keycloak's SPIs
 * (Keycloak's provider manager caches factories by provider class, so whichever of two SPIs of one provider class
 * it loads first decides the factories of both: they must be the same ones), and those factories are inert while
 * the feature is off ({@link #featureOff()}): the components are imported as they are and nothing reads or writes
 * them; the admin console shows tabs and pages only with the feature. Exported again, they travel back unchanged; on a
 * server with the feature, the mirrors rewrite them from {@code GA_POOL} and the configuration in force.
 */
public final class InertUiComponents {

    private InertUiComponents() {}

    static boolean featureOff() {
        return !Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
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
            return UiTabProviderFactory.class;
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
            return UiPageProviderFactory.class;
        }

        @Override
        public boolean isEnabled() {
            return featureOff();
        }
    }
}
