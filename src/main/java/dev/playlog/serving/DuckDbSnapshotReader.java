package dev.playlog.serving;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.duckdb.DuckDBConnection;
import java.util.Map;

/**
 * Reads the current gold snapshot's Parquet files with an in-process, in-memory DuckDB: never the warehouse file,
 * so reads neither wait for nor block a dbt build. Each read leases the snapshot (pruning keeps its files) and
 * results are cached per build: a new build starts an empty cache.
 */
public class DuckDbSnapshotReader implements GoldReader {

    private final SnapshotStore store;
    private final ServingProperties properties;
    private final BuildCache cache;

    public DuckDbSnapshotReader(SnapshotStore store, ServingProperties properties) {
        this.store = store;
        this.properties = properties;
        this.cache = new BuildCache(properties.cacheEntries());
    }

    @Override
    public Build current() {
        Snapshot s = store.current();
        if (s == null) {
            throw new NoSnapshotException();
        }
        return new Build(s.buildId(), s.asOf(), s.rows());
    }

    @Override
    public GoldPage read(String modelName, Map<String, List<String>> params) {
        GoldModels.Model model = GoldModels.find(modelName)
                .orElseThrow(() -> new UnknownModelException("'" + modelName + "' is not a gold model; see /api/v1/gold"));
        try (SnapshotStore.Lease lease = store.lease()) {
            Snapshot snapshot = lease.snapshot();
            Path file = snapshot.files().get(model.name());
            if (file == null) {
                throw new UnknownModelException(model.name() + " is not in build " + snapshot.buildId());
            }
            List<String> columns = cache.columns(snapshot.buildId(), model.name(), m -> describe(file));
            GoldQuery query = GoldQuery.parse(model, params, new LinkedHashSet<>(columns), properties.defaultLimit(),
                    properties.maxLimit());
            return cache.page(snapshot.buildId(), query, q -> query(snapshot, file, q));
        }
    }

    private DuckDBConnection database;

    /**
     * A connection to the reader's one in-memory DuckDB database: opening a database per read cost tens of
     * milliseconds, a duplicated connection next to nothing, and the database caches Parquet metadata across reads.
     */
    private synchronized Connection connect() throws SQLException {
        if (database == null) {
            database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = database.createStatement()) {
                st.execute("SET parquet_metadata_cache = true");
            }
        }
        return database.duplicate();
    }

    /** Closes the in-memory database (the app's shutdown). */
    public synchronized void close() throws SQLException {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** The file as a table; without hive partitioning, which would read the folder {@code build=<id>} as a column. */
    static String source(Path file) {
        return "read_parquet('" + file.toString().replace("'", "''") + "', hive_partitioning = false)";
    }

    private List<String> describe(Path file) {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source(file))) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString("column_name"));
            }
            return List.copyOf(columns);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the schema of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The query's SQL: identifiers come from the model's registry or its own columns, values are bind parameters. */
    static String sql(String source, GoldQuery query, List<Object> binds) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(source);
        List<String> where = new ArrayList<>();
        query.filters().forEach((column, value) -> {
            where.add(quote(column) + " = ?");
            binds.add(value);
        });
        if (query.from() != null) {
            where.add(quote(query.model().dateColumn()) + " >= CAST(? AS DATE)");
            binds.add(query.from().toString());
        }
        if (query.to() != null) {
            where.add(quote(query.model().dateColumn()) + " <= CAST(? AS DATE)");
            binds.add(query.to().toString());
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        if (!query.order().isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", query.order().stream()
                    .map(o -> quote(o.column()) + (o.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST")).toList()));
        }
        // validated integers, written out: not every warehouse binds LIMIT and OFFSET
        sql.append(" LIMIT ").append(query.limit()).append(" OFFSET ").append(query.offset());
        return sql.toString();
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private GoldPage query(Snapshot snapshot, Path file, GoldQuery query) {
        List<Object> binds = new ArrayList<>();
        String sql = sql(source(file), query, binds);
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, binds.get(i));
            }
            return page(snapshot.buildId(), snapshot.asOf(), query.model().name(), ps);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read " + query.model().name() + " of build " + snapshot.buildId()
                    + ": " + e.getMessage(), e);
        }
    }

    static GoldPage page(String buildId, java.time.Instant asOf, String model, PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(GoldValues.of(rs.getObject(i)));
                }
                rows.add(java.util.Collections.unmodifiableList(row));
            }
            return new GoldPage(buildId, asOf, model, List.copyOf(columns), List.copyOf(rows));
        }
    }
}
