package dev.playlog.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.playlog.dbt.DbtBuildFailedException;
import dev.playlog.dbt.DbtBuildStatus;
import dev.playlog.dbt.DbtEnvironment;
import dev.playlog.dbt.DbtProperties;
import dev.playlog.dbt.DbtRunner;
import dev.playlog.warehouse.WarehouseLock;
import dev.playlog.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Component "dbt" with the real dbt: builds that fail (here: a profile target that does not exist) leave it DOWN
 * once no build has succeeded for {@code playlog.health.dbt-stale}, and they are timed under outcome=failure.
 */
class DbtHealthIT {

    @TempDir
    Path tmp;

    @Test
    void noSuccessfulBuildForTheLimitIsDownWithTheLastFailure() {
        DbtProperties dbt = new DbtProperties("dbt", "config", "no_such_target", Path.of(".venv").toAbsolutePath().toString(),
                "dbt/requirements.txt", "python3", "0 0 * * * ?", 600, "");
        WarehouseProperties warehouse = new WarehouseProperties(WarehouseProperties.Type.duckdb, "0 0 * * * ?",
                new WarehouseProperties.DuckDb(tmp.resolve("w.duckdb").toString(), tmp.resolve("mirror").toString(),
                        Duration.ofSeconds(5)), WarehouseProperties.Snowflake.defaults());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DbtRunner runner = new DbtRunner(dbt, new DbtEnvironment(dbt), new WarehouseLock(), warehouse, registry);
        DbtHealthIndicator health = new DbtHealthIndicator(runner, new HealthProperties(Duration.ofMinutes(5), 8,
                Duration.ofSeconds(3)));
        assertThat(health.health().getStatus()).as("just started").isEqualTo(Status.UP);

        assertThatThrownBy(runner::build).isInstanceOf(DbtBuildFailedException.class);

        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.DOWN));
        Health down = health.health();
        assertThat(down.getDetails()).containsEntry("lastSuccess", "none yet")
                .containsEntry("reason", "no successful dbt build since start-up for PT3S (playlog.health.dbt-stale)");
        assertThat(down.getDetails().get("lastFailure").toString()).contains("exit 2");
        assertThat(registry.get(DbtBuildStatus.TIMER).tag(DbtBuildStatus.OUTCOME, "failure").timer().count()).isEqualTo(1);
        assertThat(registry.get(DbtBuildStatus.TIMER).tag(DbtBuildStatus.OUTCOME, "success").timer().count()).isZero();
    }
}
