package dev.playlog.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.lake.LakeProperties;
import dev.playlog.lake.S3ClientConfiguration;
import dev.playlog.lake.S3Properties;
import dev.playlog.warehouse.DuckDbWarehouse;
import dev.playlog.warehouse.WarehouseLock;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** Beans of gold publication and the read API: snapshots of the DuckDB warehouse's gold, read in-process. */
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

    @Bean
    @ConditionalOnProperty(name = "playlog.warehouse.type", havingValue = "duckdb", matchIfMissing = true)
    DuckDbSnapshotReader goldReader(SnapshotStore store, ServingProperties properties) {
        return new DuckDbSnapshotReader(store, properties);
    }
}
