package dev.playlog.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.warehouse.RefreshResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every exchange of the warehouse-refresh and dbt-transform routes in the {@link RunHistory} when it ends,
 * succeeded or failed: a Camel event notifier, so neither the routes nor their beans change, and a run whose error
 * handling rethrows is recorded all the same. dbt's per-node results come from {@code target/run_results.json}.
 */
public class RunRecorder extends EventNotifierSupport {

    public static final String REFRESH_ROUTE = "warehouse-refresh";
    public static final String DBT_ROUTE = "dbt-transform";
    private static final String RECORDED = "playlog.runRecorded";
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final RunHistory history;
    private final Path runResults;
    private final ObjectMapper mapper;

    public RunRecorder(RunHistory history, Path dbtProjectDir, ObjectMapper mapper) {
        this.history = history;
        this.runResults = dbtProjectDir.toAbsolutePath().resolve("target").resolve("run_results.json");
        this.mapper = mapper;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String route = exchange.getFromRouteId();
        if (!REFRESH_ROUTE.equals(route) && !DBT_ROUTE.equals(route) || exchange.getProperty(RECORDED) != null) {
            return;
        }
        exchange.setProperty(RECORDED, Boolean.TRUE);
        try {
            history.add(run(exchange, route));
        } catch (RuntimeException e) {
            LOG.warn("Run history: cannot record a run of {}: {}", route, e.getMessage());
        }
    }

    private Run run(Exchange exchange, String route) {
        Instant started = Instant.ofEpochMilli(exchange.getClock().getCreated());
        long duration = exchange.getClock().elapsed();
        Exception failure = exchange.getException();
        boolean failed = failure != null || exchange.isFailed();
        String message = failure == null ? null : failure.getMessage();
        Object body = exchange.getMessage().getBody();
        if (REFRESH_ROUTE.equals(route)) {
            Run.Files files = null;
            if (body instanceof RefreshResult r) {
                files = new Run.Files(r.newFiles(), r.updatedFiles(), r.removedFiles(), r.failedFiles());
                if (r.failedFiles() > 0 && message == null) {
                    message = String.join("; ", r.failures());
                }
            }
            return new Run(0, Run.REFRESH, started.toString(), duration, failed ? "failed" : "success", message, files, null, null);
        }
        String buildId = !failed && body instanceof String id ? id : null;
        return new Run(0, Run.DBT_BUILD, started.toString(), duration, failed ? "failed" : "success", message, null, buildId,
                nodes(started));
    }

    /** The nodes of the build that just ran; none when dbt wrote no run_results.json in this run (it crashed). */
    private List<Run.Node> nodes(Instant started) {
        try {
            if (!Files.exists(runResults) || Files.getLastModifiedTime(runResults).toInstant().isBefore(started)) {
                return List.of();
            }
            return RunHistory.nodes(mapper.readTree(runResults.toFile()));
        } catch (IOException e) {
            LOG.warn("Run history: cannot read {}: {}", runResults, e.getMessage());
            return List.of();
        }
    }
}
