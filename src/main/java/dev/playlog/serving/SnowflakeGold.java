package dev.playlog.serving;

import dev.playlog.dbt.DbtRunSummary;
import dev.playlog.warehouse.WarehouseProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gold on Snowflake ({@code playlog.warehouse.type=snowflake}): it stays in the warehouse, which serves concurrent
 * readers itself, and the read API queries the gold schema through the app's Snowflake DataSource. Publishing a
 * build here only names it (id, time, row counts) for the responses, the ETag and the per-build cache; there are no
 * files to switch. dbt replaces each gold table atomically, but not all of them at once: during a build one model
 * may already be the new build while the API still names the previous one.
 */
public class SnowflakeGold implements GoldReader, GoldPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeGold.class);

    private final DataSource dataSource;
    private final WarehouseProperties.Snowflake snowflake;
    private final ServingProperties properties;
    private final BuildCache cache;
    private final Clock clock;
    private volatile Build current;

    public SnowflakeGold(DataSource dataSource, WarehouseProperties.Snowflake snowflake, ServingProperties properties,
            Clock clock) {
        this.dataSource = dataSource;
        this.snowflake = snowflake;
        this.properties = properties;
        this.cache = new BuildCache(properties.cacheEntries());
        this.clock = clock;
    }

    @Override
    public String publish(DbtRunSummary build) {
        Instant asOf = clock.instant();
        Build previous = current;
        String id = BuildIds.of(asOf);
        if (previous != null && id.compareTo(previous.buildId()) <= 0) {
            id = BuildIds.of(BuildIds.time(previous.buildId()).plusMillis(1));
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String model : GoldModels.all().keySet()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table(model))) {
                    rs.next();
                    rows.put(model, rs.getLong(1));
                } catch (SQLException e) {
                    LOG.warn("Gold on Snowflake: {} is not readable ({}); the API leaves it out", table(model), e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read gold on Snowflake: " + e.getMessage(), e);
        }
        current = new Build(id, asOf, Map.copyOf(rows));
        LOG.info("Gold published: build {} in Snowflake schema {}.{}, {} models", id, snowflake.database(),
                snowflake.goldSchema(), rows.size());
        return id;
    }

    @Override
    public Build current() {
        Build build = current;
        if (build == null) {
            throw new NoSnapshotException();
        }
        return build;
    }

    @Override
    public GoldPage read(String modelName, Map<String, List<String>> params) {
        GoldModels.Model model = GoldModels.find(modelName)
                .orElseThrow(() -> new UnknownModelException("'" + modelName + "' is not a gold model; see /api/v1/gold"));
        Build build = current();
        if (!build.rows().containsKey(model.name())) {
            throw new UnknownModelException(model.name() + " is not in build " + build.buildId());
        }
        List<String> columns = cache.columns(build.buildId(), model.name(), this::describe);
        GoldQuery query = GoldQuery.parse(model, params, new LinkedHashSet<>(columns), properties.defaultLimit(),
                properties.maxLimit());
        return cache.page(build.buildId(), query, q -> query(build, q));
    }

    /** The model's table, fully qualified, in the upper case Snowflake gives dbt's unquoted names. */
    String table(String model) {
        return quote(snowflake.database()) + "." + quote(snowflake.goldSchema()) + "." + quote(model);
    }

    private static String quote(String identifier) {
        return DuckDbSnapshotReader.quote(identifier.toUpperCase(Locale.ROOT));
    }

    private List<String> describe(String model) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + table(model) + " LIMIT 0")) {
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            return List.copyOf(columns);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the columns of " + table(model) + ": " + e.getMessage(), e);
        }
    }

    /** Same SQL shape as the snapshot reader's, on Snowflake's upper-case identifiers; values are bind parameters. */
    private GoldPage query(Build build, GoldQuery query) {
        List<Object> binds = new ArrayList<>();
        String sql = DuckDbSnapshotReader.sql(table(query.model().name()), upperCase(query), binds);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, binds.get(i));
            }
            return DuckDbSnapshotReader.page(build.buildId(), build.asOf(), query.model().name(), ps);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read " + table(query.model().name()) + ": " + e.getMessage(), e);
        }
    }

    private static GoldQuery upperCase(GoldQuery q) {
        Map<String, String> filters = new LinkedHashMap<>();
        q.filters().forEach((column, value) -> filters.put(column.toUpperCase(Locale.ROOT), value));
        GoldModels.Model m = q.model();
        GoldModels.Model model = new GoldModels.Model(m.name(), m.dateColumn() == null ? null : m.dateColumn().toUpperCase(Locale.ROOT),
                m.filters(), m.defaultOrder());
        return new GoldQuery(model, q.from(), q.to(), filters,
                q.order().stream().map(o -> new GoldQuery.Order(o.column().toUpperCase(Locale.ROOT), o.descending())).toList(),
                q.limit(), q.offset());
    }
}
