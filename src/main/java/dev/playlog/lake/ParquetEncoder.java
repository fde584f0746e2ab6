package dev.playlog.lake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.duckdb.DuckDBConnection;

/**
 * Encodes rows (one JSON object per line, columns of {@link LakeSchema}) as a zstd-compressed Parquet file through
 * an in-memory DuckDB. DuckDB is already Playlog's warehouse engine; using its Parquet writer avoids pulling the
 * Hadoop libraries parquet-java needs, and DuckDB reads back exactly what it wrote.
 */
public class ParquetEncoder implements AutoCloseable {

    private final DuckDBConnection connection;
    /** One connection per concurrent caller (lake-write may run one consumer per Kafka partition). */
    private final ConcurrentLinkedQueue<DuckDBConnection> idle = new ConcurrentLinkedQueue<>();
    private final Path workDir;
    private volatile boolean closed;

    public ParquetEncoder(Path workDir) {
        try {
            Files.createDirectories(workDir);
            this.workDir = workDir;
            this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = connection.createStatement()) {
                st.execute("SET threads = 1");
                st.execute("SET preserve_insertion_order = true");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the in-memory DuckDB used to write Parquet", e);
        }
    }

    /**
     * Encodes newline-delimited JSON rows, UTF-8, each line one object with the columns of {@link LakeSchema}: the
     * first {@code length} bytes of {@code ndjson}. Throws {@link IllegalStateException} when DuckDB refuses them.
     */
    public byte[] encode(byte[] ndjson, int length) {
        DuckDBConnection borrowed = borrow();
        try {
            return encode(borrowed, ndjson, length);
        } finally {
            giveBack(borrowed);
        }
    }

    private void giveBack(DuckDBConnection c) {
        idle.add(c);
        if (closed) {
            closeIdle(); // closed while this one was in use
        }
    }

    private void closeIdle() {
        DuckDBConnection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing at shutdown
            }
        }
    }

    private DuckDBConnection borrow() {
        if (closed) {
            throw new IllegalStateException("The Parquet encoder is closed");
        }
        DuckDBConnection c = idle.poll();
        if (c != null) {
            return c;
        }
        try {
            return connection.duplicate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open another connection to the in-memory DuckDB used to write Parquet", e);
        }
    }

    private byte[] encode(DuckDBConnection connection, byte[] ndjson, int length) {
        Path json = null;
        Path parquet = null;
        try {
            json = Files.createTempFile(workDir, "rows-", ".ndjson");
            parquet = Files.createTempFile(workDir, "rows-", ".parquet");
            try (OutputStream out = Files.newOutputStream(json)) {
                out.write(ndjson, 0, length);
            }
            try (Statement st = connection.createStatement()) {
                st.execute("COPY (SELECT * FROM read_json(" + literal(json) + ", format = 'newline_delimited', columns = "
                        + LakeSchema.duckDbColumnsStruct() + ")) TO " + literal(parquet)
                        + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)");
            }
            return Files.readAllBytes(parquet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not write Parquet: " + e.getMessage(), e);
        } finally {
            deleteQuietly(json);
            deleteQuietly(parquet);
        }
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a leftover temp file under <data-dir>/tmp/lake is harmless
            }
        }
    }

    @Override
    public void close() throws SQLException {
        closed = true;
        closeIdle();
        connection.close();
    }
}
