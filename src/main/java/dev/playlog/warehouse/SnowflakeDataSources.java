package dev.playlog.warehouse;

import static dev.playlog.warehouse.WarehouseProperties.Snowflake.present;

import java.sql.SQLException;
import javax.sql.DataSource;
import net.snowflake.client.jdbc.SnowflakeBasicDataSource;

/**
 * Builds the snowflake-jdbc DataSource from {@code playlog.warehouse.snowflake.*}: server, account, role, warehouse,
 * database and bronze schema as connection settings, and a password or a private key file (key-pair
 * authentication). The URL never carries a secret, so it is safe to log.
 */
public final class SnowflakeDataSources {

    static {
        // snowflake-jdbc logs through java.util.logging to stderr unless told to use SLF4J (then logging.level applies)
        if (System.getProperty("net.snowflake.jdbc.loggerImpl") == null) {
            System.setProperty("net.snowflake.jdbc.loggerImpl", "net.snowflake.client.log.SLF4JLogger");
        }
        // the JDK alone cannot decrypt the PBES2 (AES-256) keys that `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes;
        // the driver's own shaded Bouncy Castle can
        if (System.getProperty("net.snowflake.jdbc.enableBouncyCastle") == null) {
            System.setProperty("net.snowflake.jdbc.enableBouncyCastle", "true");
        }
    }

    private SnowflakeDataSources() {
    }

    public static DataSource create(WarehouseProperties.Snowflake s) {
        SnowflakeBasicDataSource ds = new SnowflakeBasicDataSource();
        ds.setServerName(s.serverName());
        ds.setPortNumber(s.port());
        ds.setSsl(s.ssl());
        ds.setAccount(s.account());
        ds.setUser(s.user());
        if (s.keyPair()) {
            ds.setPrivateKeyFile(s.privateKeyFile(), present(s.privateKeyPassphrase()) ? s.privateKeyPassphrase() : null);
        } else {
            ds.setPassword(s.password());
        }
        if (present(s.role())) {
            ds.setRole(s.role());
        }
        if (present(s.warehouse())) {
            ds.setWarehouse(s.warehouse());
        }
        ds.setDatabaseName(s.database());
        ds.setSchema(s.bronzeSchema());
        ds.setApplication("Playlog");
        try {
            ds.setLoginTimeout(s.loginTimeoutSeconds());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ds;
    }
}
