package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.EntityManager;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/** Which database Keycloak runs on, for the few native statements whose best form differs per database. */
public final class DatabaseDialect {

    private DatabaseDialect() {
    }

    public static boolean isPostgres(EntityManager em) {
        return of(em) instanceof PostgreSQLDialect;
    }

    /** MariaDB or MySQL (Hibernate's MariaDBDialect is a MySQLDialect): InnoDB, REPEATABLE READ by default. */
    public static boolean isMySqlFamily(EntityManager em) {
        return of(em) instanceof MySQLDialect;
    }

    public static boolean isMariaDb(EntityManager em) {
        return of(em) instanceof MariaDBDialect;
    }

    private static Dialect of(EntityManager em) {
        return em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
    }
}
