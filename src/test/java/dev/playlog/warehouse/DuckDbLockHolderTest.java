package dev.playlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DuckDbLockHolderTest {

    @Test
    void readsThePidAndProgramFromDuckDbsLockErrorInACause() {
        SQLException duckdb = new SQLException("IO Error: Could not set lock on file \"/data/warehouse/playlog.duckdb\": "
                + "Conflicting lock is held in /work/.venv/bin/python3.11 (PID 4242) by user root. See also "
                + "https://duckdb.org/docs/stable/connect/concurrency");
        IllegalStateException wrapped = new IllegalStateException("Cannot create bronze.listens", duckdb);

        assertThat(DuckDbLockHolder.of(wrapped)).contains(new DuckDbLockHolder(4242, "/work/.venv/bin/python3.11"));
        assertThat(DuckDbLockHolder.of(wrapped).orElseThrow()).hasToString("PID 4242 (/work/.venv/bin/python3.11)");
    }

    @Test
    void otherErrorsNameNoHolder() {
        assertThat(DuckDbLockHolder.of(new SQLException("Catalog Error: Table with name x does not exist!"))).isEmpty();
        assertThat(DuckDbLockHolder.of(new IllegalStateException((String) null))).isEmpty();
    }
}
