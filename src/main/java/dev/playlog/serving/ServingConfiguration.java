package dev.playlog.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.lake.S3Properties;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseConfiguration;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import javax.sql.DataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Beans of gold publication and the read API: on DuckDB, Parquet snapshots of gold read by an in-process DuckDB; on
 * Snowflake, gold read where it is.
 */
@Configuration(proxyBeanMethods = false)
public class ServingConfiguration {

    @Bean
    OpenApiDocument openApiDocument(ObjectMapper mapper, ServingProperties properties) {
        return new OpenApiDocument(mapper, properties);
    }

    @Bean
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "duckdb", matchIfMissing = true)
    SnapshotStore snapshotStore(ServingProperties properties, ObjectMapper mapper) {
        return new SnapshotStore(Path.of(properties.dir()).resolve("gold"), mapper);
    }

    @Bean(GoldPublisher.BEAN)
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "duckdb", matchIfMissing = true)
    SnapshotPublisher goldPublisher(DuckDbWarehouse warehouse, WarehouseLock lock,
            @Qualifier(S3ClientConfiguration.CLIENT_BEAN) S3Client s3, S3Properties s3Properties, LakeProperties lake,
            SnapshotStore store, ServingProperties properties, ObjectMapper mapper, MeterRegistry registry) {
        return new SnapshotPublisher(warehouse, lock, s3, s3Properties.bucket(), lake.prefix(), store, properties, mapper,
                Clock.systemUTC(), registry);
    }

    /** On Snowflake gold stays in the warehouse: one bean names builds (the route's goldPublisher) and reads them. */
    @Bean(GoldPublisher.BEAN)
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "snowflake")
    SnowflakeGold snowflakeGold(@Qualifier(WarehouseConfiguration.SNOWFLAKE_DATA_SOURCE_BEAN) DataSource dataSource,
            WarehouseProperties warehouse, ServingProperties properties) {
        return new SnowflakeGold(dataSource, warehouse.snowflake(), properties, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "duckdb", matchIfMissing = true)
    DuckDbSnapshotReader goldReader(SnapshotStore store, ServingProperties properties) {
        return new DuckDbSnapshotReader(store, properties);
    }
}
