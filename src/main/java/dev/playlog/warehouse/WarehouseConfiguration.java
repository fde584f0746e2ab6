package dev.playlog.warehouse;

import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.lake.S3Properties;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** Chooses the warehouse dialect from {@code playlog.warehouse.type} and bootstraps it at start-up. */
@Configuration(proxyBeanMethods = false)
public class WarehouseConfiguration {

    /** The snowflake-jdbc DataSource; camel-jdbc finds it by this name ({@code jdbc:snowflakeDataSource}). */
    public static final String SNOWFLAKE_DATA_SOURCE_BEAN = "snowflakeDataSource";

    @Bean
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "duckdb", matchIfMissing = true)
    DuckDbWarehouse duckDbWarehouse(@Qualifier(S3ClientConfiguration.CLIENT_BEAN) S3Client s3, S3Properties s3Properties,
            LakeProperties lake, WarehouseProperties warehouse, WarehouseLock lock) {
        DuckDbWarehouse dialect = new DuckDbWarehouse(s3, s3Properties, lake, warehouse.duckdb());
        lock.withLock("bootstrap", () -> {
            dialect.bootstrap();
            return null;
        });
        return dialect;
    }

    @Bean(SNOWFLAKE_DATA_SOURCE_BEAN)
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "snowflake")
    DataSource snowflakeDataSource(WarehouseProperties warehouse) {
        return SnowflakeDataSources.create(warehouse.snowflake());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "snowflake")
    CamelJdbc snowflakeJdbc(CamelContext camel, @Qualifier(SNOWFLAKE_DATA_SOURCE_BEAN) DataSource dataSource) {
        // the DataSource parameter makes sure the bean camel-jdbc looks up exists before the first statement
        return new CamelJdbc(camel, SNOWFLAKE_DATA_SOURCE_BEAN);
    }

    @Bean
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "snowflake")
    SnowflakeWarehouse snowflakeWarehouse(@Qualifier(SNOWFLAKE_DATA_SOURCE_BEAN) DataSource dataSource,
            CamelJdbc snowflakeJdbc, WarehouseProperties warehouse, S3Properties s3, LakeProperties lake, WarehouseLock lock) {
        WarehouseProperties.Snowflake snowflake = warehouse.snowflake();
        SnowflakeWarehouse dialect = new SnowflakeWarehouse(new SnowflakeSql(snowflake, s3.bucket(), lake.listensPrefix()),
                dataSource, snowflakeJdbc, snowflake.createLakeObjects());
        if (snowflake.bootstrap()) {
            lock.withLock("bootstrap", () -> {
                dialect.bootstrap();
                return null;
            });
        }
        return dialect;
    }
}
