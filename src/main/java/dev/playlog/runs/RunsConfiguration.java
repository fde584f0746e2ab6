package dev.playlog.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.dbt.DbtProperties;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The run history and the Camel event notifier that feeds it (Camel picks up EventNotifier beans by itself). */
@Configuration(proxyBeanMethods = false)
public class RunsConfiguration {

    @Bean
    RunHistory runHistory(RunsProperties properties, ObjectMapper mapper) {
        return new RunHistory(Path.of(properties.dir()), properties.retain(), mapper);
    }

    @Bean
    RunRecorder runRecorder(RunHistory history, DbtProperties dbt, ObjectMapper mapper) {
        return new RunRecorder(history, Path.of(dbt.projectDir()), mapper);
    }
}
