package org.gatewayaccess.it.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Keycloak's embedded H2 file, opened in H2's automatic mixed mode (AUTO_SERVER): Keycloak
 * holds the file and serves it over loopback TCP, so the tests can read and write the very
 * same database while Keycloak runs.
 */
public final class H2File implements Database {

    static final String USER = "sa";
    static final String PASSWORD = "password";

    private final String url;

    H2File(Path dataDir) {
        this.url = "jdbc:h2:file:" + dataDir.resolve("h2/keycloakdb") + ";NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE";
    }

    String url() {
        return url;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    @Override
    public String schema() {
        return "PUBLIC";
    }

    @Override
    public String tableName(String name) {
        return name.toUpperCase();
    }
}
