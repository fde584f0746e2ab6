package dev.playlog.simulator;

import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Paces the generator at {@code playlog.simulator.rate}: each call of {@link #tick()} from the simulate route
 * returns the events due since the previous call, at most {@code max-batch} of them; after a stall of more than a
 * second it skips ahead (wall-clock mode) rather than bursting.
 */
@Component(Simulator.BEAN)
public class Simulator {

    public static final String BEAN = "simulator";
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorProperties properties;
    private final ListenEventGenerator generator;
    private final Clock clock;
    private Instant started;
    private long produced;
    private boolean announcedEnd;
    private boolean reachedTheFuture;
    private long skipped;
    private Instant lastSkipWarning;

    @Autowired
    public Simulator(SimulatorProperties properties) {
        this(properties, new BehaviouralGenerator(properties.seed(), properties.users(), properties.tracks(),
                properties.model()), Clock.systemUTC());
    }

    Simulator(SimulatorProperties properties, ListenEventGenerator generator, Clock clock) {
        this.properties = properties;
        this.generator = generator;
        this.clock = clock;
    }

    /** Simulated time of the event with this index when a start time is configured. */
    public static Instant simulatedTime(Instant start, int rate, long index) {
        return start.plusNanos(index * 1_000_000_000L / rate);
    }

    /**
     * Simulated time of the event with this index when simulated time runs {@code timeScale} times faster than the
     * wall clock (fast-forward, or slow motion below 1); with a scale of 1 it is
     * {@link #simulatedTime(Instant, int, long)}.
     */
    public static Instant simulatedTime(Instant start, int rate, double timeScale, long index) {
        if (timeScale == 1) {
            return simulatedTime(start, rate, index);
        }
        return start.plusNanos((long) Math.floor(index * (1e9 * timeScale / rate)));
    }

    public synchronized List<ListenEvent> tick() {
        if (reachedTheFuture) {
            return Collections.emptyList();
        }
        Instant now = clock.instant();
        if (started == null) {
            started = now;
        }
        long due = Duration.between(started, now).toMillis() * properties.rate() / 1000 + 1;
        if (due - produced > properties.rate() && properties.maxEvents() == 0) {
            // fell behind by more than a second: skip ahead instead of bursting
            skipped += due - properties.rate() - produced;
            produced = due - properties.rate();
            if (lastSkipWarning == null || Duration.between(lastSkipWarning, now).toSeconds() >= 60) {
                LOG.warn("Simulator: {} events behind playlog.simulator.rate={} were skipped so far; the route cannot keep up "
                        + "(one tick sends at most playlog.simulator.max-batch={} events): lower the rate or raise max-batch",
                        skipped, properties.rate(), properties.maxBatch());
                lastSkipWarning = now;
            }
        }
        long count = Math.min(due - produced, properties.maxBatch());
        if (properties.maxEvents() > 0) {
            count = Math.min(count, properties.maxEvents() - produced);
            if (count <= 0) {
                if (!announcedEnd) {
                    LOG.info("Simulator reached playlog.simulator.max-events={} and stops producing", properties.maxEvents());
                    announcedEnd = true;
                }
                return Collections.emptyList();
            }
        }
        if (count <= 0) {
            return Collections.emptyList();
        }
        List<ListenEvent> events = new ArrayList<>((int) count);
        Instant latest = now.plus(ListenEventContract.MAX_AHEAD);
        for (long i = 0; i < count; i++) {
            Instant at = properties.startTime() != null
                    ? simulatedTime(properties.startTime(), properties.rate(), properties.timeScale(), produced)
                    : now.plusNanos(i * 1_000_000_000L / properties.rate());
            if (at.isAfter(latest)) {
                // fast-forwarded past what the contract accepts: stop instead of sending events it refuses (waiting
                // would not help: simulated time runs faster than the clock)
                LOG.warn("Simulator: simulated time {} would be more than {} ahead of the clock, which the listen-event "
                        + "contract refuses; the simulator stops producing (restart with a lower playlog.simulator.time-scale "
                        + "or an earlier start-time)", at, ListenEventContract.MAX_AHEAD);
                reachedTheFuture = true;
                break;
            }
            events.add(generator.next(at));
            produced++;
        }
        return events;
    }

    public synchronized long produced() {
        return produced;
    }
}
