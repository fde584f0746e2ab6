package dev.playlog.dbt;

import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** dbt beans; the virtualenv install starts in the background as soon as the app starts. */
@Configuration(proxyBeanMethods = false)
public class DbtConfiguration {

    @Bean
    DbtEnvironment dbtEnvironment(DbtProperties properties) {
        DbtEnvironment environment = new DbtEnvironment(properties);
        environment.prepare();
        return environment;
    }

    @Bean(DbtRunner.BEAN)
    DbtRunner dbtRunner(DbtProperties properties, DbtEnvironment environment, WarehouseLock lock,
            WarehouseProperties warehouse, MeterRegistry registry) {
        return new DbtRunner(properties, environment, lock, warehouse, registry);
    }

    /** One line when the app stops during a build, before Camel's graceful shutdown waits for it. */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.context.event.ContextClosedEvent> dbtShutdownNotice(
            DbtRunner runner) {
        return event -> runner.onShutdown();
    }
}
