package dev.playlog.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Encodes rows (one JSON object per line, columns of {@link LakeSchema}) as a zstd-compressed Parquet file through
 * an in-memory DuckDB. DuckDB is already Playlog's warehouse engine; using its Parquet writer avoids pulling the
 * Hadoop libraries parquet-java needs, and DuckDB reads back exactly what it wrote.
 */
public class ParquetEncoder implements AutoCloseable {

    private final Connection connection;
    private final Path workDir;

    public ParquetEncoder(Path workDir) {
        try {
            Files.createDirectories(workDir);
            this.workDir = workDir;
            this.connection = DriverManager.getConnection("jdbc:duckdb:");
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

    public byte[] encode(List<String> jsonRows) {
        StringBuilder ndjson = new StringBuilder();
        jsonRows.forEach(row -> ndjson.append(row).append('\n'));
        return encode(ndjson);
    }

    /** Encodes newline-delimited JSON rows (each line one object with the columns of {@link LakeSchema}). */
    public synchronized byte[] encode(CharSequence ndjson) {
        Path json = null;
        Path parquet = null;
        try {
            json = Files.createTempFile(workDir, "rows-", ".ndjson");
            parquet = Files.createTempFile(workDir, "rows-", ".parquet");
            Files.writeString(json, ndjson);
            try (Statement st = connection.createStatement()) {
                st.execute("COPY (SELECT * FROM read_json(" + literal(json) + ", format = 'newline_delimited', columns = "
                        + LakeSchema.duckDbColumnsStruct() + ")) TO " + literal(parquet)
                        + " (FORMAT parquet, COMPRESSION zstd)");
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
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
