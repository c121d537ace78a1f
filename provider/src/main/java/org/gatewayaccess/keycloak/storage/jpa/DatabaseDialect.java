package org.gatewayaccess.keycloak.storage.jpa;

import jakarta.persistence.EntityManager;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/** Which database Keycloak runs on, for the few native statements whose best form differs per database. */
final class DatabaseDialect {

    private DatabaseDialect() {}

    static boolean isPostgres(EntityManager em) {
        return of(em) instanceof PostgreSQLDialect;
    }

    /** MariaDB or MySQL (Hibernate's MariaDBDialect is a MySQLDialect): InnoDB, REPEATABLE READ by default. */
    static boolean isMySqlFamily(EntityManager em) {
        return of(em) instanceof MySQLDialect;
    }

    static boolean isMariaDb(EntityManager em) {
        return of(em) instanceof MariaDBDialect;
    }

    private static Dialect of(EntityManager em) {
        return em.getEntityManagerFactory()
                .unwrap(SessionFactoryImplementor.class)
                .getJdbcServices()
                .getDialect();
    }
}
