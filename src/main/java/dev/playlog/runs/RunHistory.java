package dev.playlog.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run history: every warehouse refresh and dbt build, appended as one JSON line to {@code runs.jsonl} (kept
 * across restarts) and held in memory for {@code /api/v1/runs}. {@link RunRecorder} feeds it.
 */
public class RunHistory {

    static final String FILE = "runs.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

    private final Path file;
    private final int retain;
    private final ObjectMapper mapper;
    private final Deque<Run> runs = new ArrayDeque<>();
    private long nextId = 1;
    private int appendedSinceCompaction;

    public RunHistory(Path dir, int retain, ObjectMapper mapper) {
        this.file = dir.toAbsolutePath().resolve(FILE);
        this.retain = retain;
        this.mapper = mapper;
        load();
    }

    /** Records a run, giving it the next id. */
    public synchronized Run add(Run run) {
        Run stored = new Run(nextId++, run.kind(), run.startedAt(), run.durationMs(), run.outcome(), run.message(),
                run.files(), run.buildId(), run.nodes());
        runs.addFirst(stored);
        while (runs.size() > retain) {
            runs.removeLast();
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            out.write(mapper.writeValueAsString(stored));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the run history " + file, e);
        }
        if (++appendedSinceCompaction > Math.max(retain / 10, 10)) {
            compact();
        }
        return stored;
    }

    /** Runs newest first, without nodes; {@code kind} null for all kinds. */
    public synchronized List<Run> list(String kind, int limit, long offset) {
        return runs.stream().filter(r -> kind == null || r.kind().equals(kind)).skip(offset).limit(limit)
                .map(Run::summary).toList();
    }

    public synchronized Optional<Run> find(long id) {
        return runs.stream().filter(r -> r.id() == id).findFirst();
    }

    private void load() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                return;
            }
            List<Run> loaded = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    loaded.add(mapper.treeToValue(mapper.readTree(line), Run.class));
                } catch (IOException e) {
                    // a line cut short by a crash mid-append: the runs before and after it still count
                    LOG.warn("Run history: skipping an unreadable line of {}: {}", file, e.getMessage());
                }
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
                // end the cut-short line, so the next run starts a line of its own
                Files.writeString(file, System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            for (Run run : loaded) {
                runs.addFirst(run);
                nextId = Math.max(nextId, run.id() + 1);
            }
            while (runs.size() > retain) {
                runs.removeLast();
            }
            LOG.info("Run history: {} runs from {}", runs.size(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run history " + file, e);
        }
    }

    /** Rewrites the file with the retained runs only (atomic rename). */
    private void compact() {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".runs-", ".tmp");
            List<Run> oldestFirst = new ArrayList<>(runs);
            java.util.Collections.reverse(oldestFirst);
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Run run : oldestFirst) {
                    out.write(mapper.writeValueAsString(run));
                    out.newLine();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            appendedSinceCompaction = 0;
        } catch (IOException e) {
            LOG.warn("Run history: cannot compact {}: {}", file, e.getMessage());
        }
    }

    /** The nodes of a dbt {@code run_results.json}. */
    static List<Run.Node> nodes(JsonNode runResults) {
        List<Run.Node> nodes = new ArrayList<>();
        for (JsonNode r : runResults.path("results")) {
            JsonNode failures = r.path("failures");
            String message = r.path("message").isNull() ? null : r.path("message").asText(null);
            nodes.add(new Run.Node(r.path("unique_id").asText(), r.path("status").asText(),
                    r.path("execution_time").asDouble(), failures.isNumber() ? failures.asLong() : null, message));
        }
        return nodes;
    }
}
