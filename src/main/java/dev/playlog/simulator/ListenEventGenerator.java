package dev.playlog.simulator;

import dev.playlog.event.ListenEvent;
import java.time.Instant;

/**
 * Source of simulated listening events. The simulate route asks for the next event at a point of simulated time;
 * implementations must be deterministic for a seed so a test can regenerate exactly what the pipeline received.
 */
public interface ListenEventGenerator {

    ListenEvent next(Instant at);
}
