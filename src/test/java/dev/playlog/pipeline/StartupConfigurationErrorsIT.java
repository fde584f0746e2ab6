package dev.playlog.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.playlog.config.StartupFailures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The real application with one bad setting of each kind: start-up stops with Spring Boot's report naming key,
 * value and rule, before the embedded Kafka broker and S3 server start (their folders under the data dir are never
 * created), instead of half a minute later with a stack trace.
 */
class StartupConfigurationErrorsIT {

    @TempDir
    Path data;

    @Test
    void aBadCronNamesItsKey() {
        FailureAnalysis refresh = failure("playlog.warehouse.refresh-cron", "0/30 * * *");
        assertThat(refresh.getDescription()).contains("playlog.warehouse.refresh-cron").contains("Value: \"0/30 * * *\"")
                .contains("must be a Quartz cron expression");
        FailureAnalysis dbt = failure("playlog.dbt.cron", "61 * * * * ?");
        assertThat(dbt.getDescription()).contains("playlog.dbt.cron").contains("Value: \"61 * * * * ?\"")
                .contains("must be a Quartz cron expression");
    }

    @Test
    void aMissingRoutesFolderNamesItsKey() {
        Path missing = data.resolve("no-routes-here");
        FailureAnalysis analysis = failure("playlog.routes-dir", missing.toString());
        assertThat(analysis.getDescription()).contains("Property: playlog.routes-dir")
                .contains("Value: \"" + missing + "\"").contains("does not exist");
    }

    @Test
    void anUnknownSourceNamesItsKeyAndTheChoices() {
        FailureAnalysis analysis = failure("playlog.source", "radio");
        assertThat(analysis.getDescription()).contains("Property: playlog.source").contains("Value: \"radio\"")
                .contains("must be one of simulator, spotify, both");
    }

    @Test
    void anUnknownEnumValueAndAnOutOfRangeNumberNameTheirKeys() {
        assertThat(failure("playlog.warehouse.type", "oracle").getDescription())
                .contains("playlog.warehouse.type").contains("oracle");
        assertThat(failure("playlog.lake.max-records", "0").getDescription())
                .contains("playlog.lake.max-records").contains("must be greater than or equal to 1");
    }

    /** Starts the app with {@code key=value}, expects it to fail, and returns what the user reads. */
    private FailureAnalysis failure(String key, String value) {
        Path dataDir = data.resolve(key.replace('.', '_'));
        PlaylogInstance app = new PlaylogInstance(dataDir).with(key, value);
        Throwable failure = catchThrowable(app::start);
        app.close();
        assertThat(failure).as("start-up with " + key + "=" + value).isNotNull();
        assertThat(Files.exists(dataDir.resolve("kafka"))).as("the embedded broker never started").isFalse();
        assertThat(Files.exists(dataDir.resolve("s3"))).as("the embedded S3 server never started").isFalse();
        return StartupFailures.analyze(failure);
    }
}
