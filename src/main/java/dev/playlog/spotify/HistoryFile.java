package dev.playlog.spotify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playlog.event.ListenEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export file being imported: reads its JSON array one record at a time with Jackson's streaming parser (exports
 * run to hundreds of megabytes) and hands out the resulting events in batches, so the spotify-import route can split
 * over it and send each batch to Kafka without holding the file in memory. Logs progress every N records.
 *
 * <p>It can be iterated once: a second {@link #iterator()} (a retried split) fails instead of silently going on from
 * the middle of the file, which would pass a partial import for a complete one.
 */
public final class HistoryFile implements Iterable<List<ListenEvent>>, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFile.class);

    private final String name;
    private final String userId;
    private final ExportFormat format;
    private final ExportMapper mapper;
    private final int batchSize;
    private final long progressEvery;
    private final JsonParser parser;
    private final Map<ExportMapper.Skip, Long> skipped = new EnumMap<>(ExportMapper.Skip.class);
    private long records;
    private long events;
    private List<ListenEvent> nextBatch;
    private boolean exhausted;
    private boolean closed;
    private boolean iterated;

    HistoryFile(ObjectMapper json, Path path, String name, String userId, ExportFormat format, ExportMapper mapper,
            int batchSize, long progressEvery) throws IOException {
        this.name = name;
        this.userId = userId;
        this.format = format;
        this.mapper = mapper;
        this.batchSize = batchSize;
        this.progressEvery = progressEvery;
        this.parser = json.getFactory().createParser(path.toFile());
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            parser.close();
            throw new HistoryFormatException(name + ": not a Spotify export (expected a JSON array)");
        }
    }

    @Override
    public synchronized Iterator<List<ListenEvent>> iterator() {
        if (iterated) {
            throw new HistoryFormatException(name + ": import interrupted after record " + records
                    + "; put the file back into the import folder to import it again");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return HistoryFile.this.hasNext();
            }

            @Override
            public List<ListenEvent> next() {
                return HistoryFile.this.next();
            }
        };
    }

    private boolean hasNext() {
        if (nextBatch == null && !exhausted) {
            if (closed) {
                // a retried split must not pass for a complete import
                throw new HistoryFormatException(name + ": reading stopped after record " + records
                        + "; put the file back into the import folder to import it again");
            }
            nextBatch = readBatch();
        }
        return nextBatch != null;
    }

    private List<ListenEvent> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<ListenEvent> batch = nextBatch;
        nextBatch = null;
        return batch;
    }

    private List<ListenEvent> readBatch() {
        List<ListenEvent> batch = new ArrayList<>(Math.min(batchSize, 1024));
        try {
            while (batch.size() < batchSize) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY || token == null) {
                    exhausted = true;
                    close();
                    break;
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new HistoryFormatException(name + ": record " + (records + 1) + " is not a JSON object");
                }
                ExportMapper.Outcome outcome = format == ExportFormat.EXTENDED
                        ? mapper.map(userId, parser.readValueAs(ExportRecords.Extended.class))
                        : mapper.map(userId, parser.readValueAs(ExportRecords.AccountData.class));
                records++;
                if (outcome.event() != null) {
                    batch.add(outcome.event());
                    events++;
                } else {
                    skipped.merge(outcome.skip(), 1L, Long::sum);
                }
                if (records % progressEvery == 0) {
                    LOG.info("Importing {} for user {}: {} records read, {} events so far", name, userId, records, events);
                }
            }
        } catch (IOException e) {
            close();
            throw new HistoryFormatException(name + ": malformed JSON after record " + records + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return batch.isEmpty() ? null : batch;
    }

    public String name() {
        return name;
    }

    public String userId() {
        return userId;
    }

    public long records() {
        return records;
    }

    public long events() {
        return events;
    }

    public Map<ExportMapper.Skip, Long> skipped() {
        return Map.copyOf(skipped);
    }

    @Override
    public void close() {
        closed = true;
        try {
            parser.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed", name, e);
        }
    }
}
