package dev.playlog.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playlog.ops.HealthProperties;
import dev.playlog.ops.WarehouseHealthIndicator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.yaml.snakeyaml.Yaml;

/**
 * The warehouse lock from the side of everything else that opens the warehouse: the refresher waits while dbt holds
 * it and touches the warehouse only inside it, the health check never waits for it nor opens the warehouse while
 * another holds it, and the two Quartz routes that take it never overlap themselves ({@code stateful}).
 */
class WarehouseLockTest {

    /** A warehouse that records who held the lock each time it was opened. */
    static final class RecordingDialect implements WarehouseDialect {
        final WarehouseLock lock;
        final List<String> openedUnder = new ArrayList<>();

        RecordingDialect(WarehouseLock lock) {
            this.lock = lock;
        }

        @Override
        public void bootstrap() {
            openedUnder.add(lock.holder());
        }

        @Override
        public RefreshResult refresh() {
            openedUnder.add(lock.holder());
            return new RefreshResult(1, 0, 0, 0, 1, 1, List.of());
        }

        @Override
        public void ping() {
            openedUnder.add(lock.holder());
        }
    }

    /** dbt holding the lock on a thread of its own (a Quartz worker in the app) until released. */
    record DbtHolding(CountDownLatch done, CompletableFuture<Void> thread) {
        static DbtHolding start(WarehouseLock lock) throws InterruptedException {
            CountDownLatch holds = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            CompletableFuture<Void> thread = CompletableFuture.runAsync(() -> lock.withLock("dbt build", () -> {
                holds.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            holds.await();
            return new DbtHolding(done, thread);
        }

        void release() throws Exception {
            done.countDown();
            thread.get();
        }
    }

    private final WarehouseLock lock = new WarehouseLock();
    private final RecordingDialect dialect = new RecordingDialect(lock);
    private final WarehouseRefresher refresher = new WarehouseRefresher(dialect, lock, new SimpleMeterRegistry());

    @Test
    void theRefresherWaitsWhileDbtHoldsTheWarehouseAndOpensItOnlyUnderTheLock() throws Exception {
        DbtHolding dbt = DbtHolding.start(lock);
        Thread[] refreshing = new Thread[1];
        CompletableFuture<RefreshResult> refresh = new CompletableFuture<>();
        refreshing[0] = new Thread(() -> refresh.complete(refresher.refresh()), "test-refresh");
        refreshing[0].start();

        await().atMost(Duration.ofSeconds(10)).until(() -> refreshing[0].getState() == Thread.State.WAITING);
        assertThat(refresh).isNotDone();
        assertThat(dialect.openedUnder).as("the warehouse is not opened while dbt holds it").isEmpty();

        dbt.release();
        assertThat(refresh.get().newFiles()).isEqualTo(1);
        assertThat(dialect.openedUnder).containsExactly("warehouse refresh");
    }

    @Test
    void theHealthCheckNeitherWaitsNorOpensTheWarehouseWhileSomeoneElseHoldsIt() throws Exception {
        WarehouseProperties properties = new WarehouseProperties(WarehouseProperties.Type.duckdb, "0 0 * * * ?",
                new WarehouseProperties.DuckDb("w.duckdb", "mirror", WarehouseProperties.DuckDb.DEFAULT_LOCK_WAIT),
                WarehouseProperties.Snowflake.defaults());
        WarehouseHealthIndicator health = new WarehouseHealthIndicator(dialect, lock, properties, refresher,
                new HealthProperties(Duration.ofMinutes(5), 8, Duration.ofMinutes(30)));

        DbtHolding dbt = DbtHolding.start(lock);
        Health whileDbtRuns = health.health();
        dbt.release();
        assertThat(whileDbtRuns.getStatus()).isEqualTo(Status.UP);
        assertThat(whileDbtRuns.getDetails()).containsEntry("busy", "dbt build");
        assertThat(dialect.openedUnder).isEmpty();

        Health idle = health.health();
        assertThat(idle.getStatus()).isEqualTo(Status.UP);
        assertThat(dialect.openedUnder).containsExactly("health check");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoutesThatTakeTheLockNeverRunTwiceAtOnce() throws Exception {
        for (String route : List.of("warehouse-refresh", "dbt-transform")) {
            List<Map<String, Object>> file = new Yaml().load(Files.readString(Path.of("routes", route + ".camel.yaml")));
            Map<String, Object> from = (Map<String, Object>) ((Map<String, Object>) file.get(0).get("route")).get("from");
            assertThat(from.get("uri").toString()).as(route).startsWith("quartz:");
            assertThat(((Map<String, Object>) from.get("parameters")).get("stateful")).as(route + " stateful").isEqualTo(true);
        }
    }
}
