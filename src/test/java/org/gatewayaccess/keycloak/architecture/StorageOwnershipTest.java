package org.gatewayaccess.keycloak.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 part 1: every table has one owner. Only the JPA implementation of the store ({@code storage/jpa}) holds an
 * entity manager or a query string; everything else reaches the database through
 * {@code GatewayAccessStore.of(session)}, and nothing outside {@code storage/} imports the implementation.
 */
class StorageOwnershipTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "org", "gatewayaccess", "keycloak");
    private static final Path JPA = SOURCES.resolve("storage").resolve("jpa");

    /** What only the JPA implementation may use. */
    private static final Pattern PERSISTENCE = Pattern.compile(
        "\\bEntityManager\\b|\\bJpaConnectionProvider\\b|\\bcreate(Native|Named)?Query\\b|\\borg\\.hibernate\\.");

    /** Name the JPA provider without touching the database: they order their postInit after Keycloak's JPA factory. */
    private static final Set<String> ALLOWED = Set.of("rest/GatewayAccessResourceProviderFactory.java",
        "cache/DefaultGatewayAccessCachesFactory.java");

    /**
     * Classes that still run their own queries while the move is under way (issue 20 part 1). The test fails on a name
     * that is no longer needed here, so the list only shrinks.
     */
    private static final Set<String> NOT_YET_MOVED = Set.of(
        "authz/GrantQueries.java", "authz/UserPrincipals.java", "config/GatewayConfigStore.java",
        "events/DeletionCleanup.java", "gatewayrole/GatewayRoleService.java", "grant/GrantStore.java",
        "membership/GatewayAdmins.java", "membership/GatewayGroups.java", "membership/LastAdminGuard.java",
        "membership/LinkMembershipReconciler.java", "membership/LinkedUsers.java", "membership/MembershipBulk.java",
        "membership/MembershipSeeding.java", "membership/MembershipService.java", "membership/RoleHolders.java",
        "migration/RoleMigrationService.java", "pending/PendingUsers.java", "pool/LinkGrantReconciler.java",
        "pool/LinkGrantSync.java", "pool/PoolGrantService.java", "pool/PoolService.java", "pool/PoolViewerSync.java",
        "resource/ResourceService.java", "rest/GroupsResource.java", "rest/MeResource.java", "setup/RealmSetup.java",
        "storage/DatabaseDialect.java", "storage/FederatedLinks.java", "storage/UserRowLock.java",
        "sync/ConfigUpdate.java", "sync/JobRunner.java", "sync/JobStore.java", "sync/LastAdminReplay.java",
        "sync/MembershipSync.java", "sync/PeriodicSync.java", "sync/SyncService.java");

    @Test
    void onlyTheJpaStoreTouchesTheDatabase() throws IOException {
        Set<String> offenders = new TreeSet<>();
        for (Path file : javaFiles()) {
            if (!file.startsWith(JPA) && !ALLOWED.contains(name(file)) && PERSISTENCE.matcher(code(file)).find()) {
                offenders.add(name(file));
            }
        }
        Set<String> unexpected = new TreeSet<>(offenders);
        unexpected.removeAll(NOT_YET_MOVED);
        assertTrue(unexpected.isEmpty(), "outside storage/jpa, these use an entity manager or a query: " + unexpected
            + " (go through GatewayAccessStore.of(session))");
        Set<String> stale = new TreeSet<>(NOT_YET_MOVED);
        stale.removeAll(offenders);
        assertTrue(stale.isEmpty(), "moved to the store, remove from NOT_YET_MOVED: " + stale);
    }

    @Test
    void nothingAboveTheStoreImportsItsImplementation() throws IOException {
        Set<String> offenders = new TreeSet<>();
        for (Path file : javaFiles()) {
            if (!file.startsWith(SOURCES.resolve("storage")) && code(file).contains("org.gatewayaccess.keycloak.storage.jpa")) {
                offenders.add(name(file));
            }
        }
        assertTrue(offenders.isEmpty(), "these import storage.jpa (use GatewayAccessStore.of(session)): " + offenders);
    }

    private static List<Path> javaFiles() throws IOException {
        assertTrue(Files.isDirectory(JPA), JPA.toAbsolutePath() + " is missing (the test runs in the repository root)");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The code without comments, so that Javadoc may name what it explains. */
    private static String code(Path file) throws IOException {
        return Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    private static String name(Path file) {
        return SOURCES.relativize(file).toString().replace('\\', '/');
    }
}
