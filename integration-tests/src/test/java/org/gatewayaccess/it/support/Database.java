package org.gatewayaccess.it.support;

import java.sql.Connection;
import java.sql.SQLException;

/** The database behind the Keycloak under test, reachable by the tests for setup and row counts. */
public interface Database {

    Connection connect() throws SQLException;

    /** Schema holding Keycloak's tables, as JDBC metadata names it. */
    String schema();

    /** Turns a table name into the case this database stores it in. */
    String tableName(String name);
}
