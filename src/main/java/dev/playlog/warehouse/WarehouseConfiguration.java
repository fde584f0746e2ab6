package dev.playlog.warehouse;

import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.lake.S3Properties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** Chooses the warehouse dialect from {@code playlog.warehouse.type} and bootstraps it at start-up. */
@Configuration(proxyBeanMethods = false)
public class WarehouseConfiguration {

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
}
