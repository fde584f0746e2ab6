package dev.playlog.warehouse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Holds a DuckDB file open for writing in a JVM of its own until stdin closes or it is killed, like a stray dbt. */
public final class DuckDbLockHolderMain {

    static final String LOCKED = "DUCKDB LOCKED";

    private DuckDbLockHolderMain() {
    }

    /** Argument: the DuckDB file. */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0]); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS held_by_test (held_at TIMESTAMP)");
            System.out.println(LOCKED);
            System.out.flush();
            while (System.in.read() >= 0) {
                // holds the file until killed or stdin closes
            }
        }
    }
}
