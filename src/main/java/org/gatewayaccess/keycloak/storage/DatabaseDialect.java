package org.gatewayaccess.keycloak.storage;

import jakarta.persistence.EntityManager;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Which database Keycloak runs on, for the few native statements whose best form differs per database.
 * <p>
 * store-b: what is left here serves only the pool classes that still run their own SQL (issue 20 part 1, store-a's
 * half); the store's own copy is {@code storage.jpa.DatabaseDialect}. Delete this class once they have moved.
 */
public final class DatabaseDialect {

    private DatabaseDialect() {
    }

    public static boolean isPostgres(EntityManager em) {
        return of(em) instanceof PostgreSQLDialect;
    }

    private static Dialect of(EntityManager em) {
        return em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
    }
}
