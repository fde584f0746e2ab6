package dev.playlog.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import dev.playlog.spotify.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    private static SimulatorProperties props(int rate, long max, Instant start) {
        return new SimulatorProperties(true, rate, 7, 50, 300, max, start);
    }

    @Test
    void sameSeedGivesTheSameValidEvents() {
        ListenEventCodec codec = new ListenEventCodec();
        BehaviouralGenerator a = new BehaviouralGenerator(7, 50, 300);
        BehaviouralGenerator b = new BehaviouralGenerator(7, 50, 300);
        for (int i = 0; i < 500; i++) {
            Instant at = Simulator.simulatedTime(START, 100, i);
            ListenEvent ea = a.next(at);
            assertThat(ea).isEqualTo(b.next(at));
            assertThat(codec.decode(codec.encode(ea))).isEqualTo(ea);
        }
        assertThat(new BehaviouralGenerator(8, 50, 300).next(START)).isNotEqualTo(new BehaviouralGenerator(7, 50, 300).next(START));
    }

    @Test
    void outcomesHaveConsistentMsPlayed() {
        BehaviouralGenerator g = new BehaviouralGenerator(3, 20, 100);
        HashSet<String> types = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ListenEvent e = g.next(Simulator.simulatedTime(START, 10, i));
            types.add(e.eventType());
            assertThat(e.msPlayed()).isBetween(0L, e.durationMs());
            if (e.eventType().equals("play")) {
                assertThat(e.msPlayed()).isEqualTo(e.durationMs());
            }
            if (e.eventType().equals("skip")) {
                assertThat(e.msPlayed()).isLessThan(e.durationMs());
            }
        }
        assertThat(types).containsExactlyInAnyOrder("play", "skip", "pause", "add_to_playlist", "like");
    }

    @Test
    void pacesAtTheRateAndStopsAtMaxEvents() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        SimulatorProperties p = new SimulatorProperties(true, 100, 7, 50, 300, 250, START, 1, BehaviourParameters.DEFAULTS, 80);
        Simulator simulator = new Simulator(p, new BehaviouralGenerator(7, 50, 300), clock);
        List<ListenEvent> all = new ArrayList<>(simulator.tick());
        assertThat(all).hasSize(1);
        clock.advance(Duration.ofMillis(500));
        all.addAll(simulator.tick());
        assertThat(all).hasSize(51);
        clock.advance(Duration.ofMillis(10_000));
        all.addAll(simulator.tick());
        assertThat(all).hasSize(131); // at most max-batch per tick; with max-events nothing is skipped
        all.addAll(simulator.tick());
        assertThat(all).hasSize(211);
        all.addAll(simulator.tick());
        assertThat(all).hasSize(250);
        assertThat(simulator.tick()).isEmpty();
        // simulated time: event i at START + i/rate
        assertThat(all.get(100).playedAt()).isEqualTo("2026-11-01T00:00:01.000Z");
        assertThat(all.stream().map(ListenEvent::eventId).distinct()).hasSize(250);
    }

    @Test
    void wallClockModeSkipsAheadAfterAStallInsteadOfBursting() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        Simulator simulator = new Simulator(props(100, 0, null), new BehaviouralGenerator(7, 50, 300), clock);
        assertThat(simulator.tick()).hasSize(1);
        clock.advance(Duration.ofMillis(10_000));
        List<ListenEvent> afterStall = simulator.tick();
        assertThat(afterStall).hasSize(100); // one second's worth, the other nine are skipped
        assertThat(simulator.produced()).isEqualTo(1_001);
        clock.advance(Duration.ofMillis(100));
        assertThat(simulator.tick()).hasSize(10);
    }

    @Test
    void timeScaleFastForwardsSimulatedTime() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        SimulatorProperties p = new SimulatorProperties(true, 1_000, 7, 50, 300, 0, START, 3_600,
                BehaviourParameters.DEFAULTS, SimulatorProperties.DEFAULT_MAX_BATCH);
        Simulator simulator = new Simulator(p, new BehaviouralGenerator(7, 50, 300), clock);
        simulator.tick();
        clock.advance(Duration.ofMillis(1_000));
        List<ListenEvent> events = simulator.tick();
        // 1000 events per wall-clock second, one simulated hour per second: event i at START + 3.6 s * i
        assertThat(events).hasSize(1_000);
        assertThat(events.get(0).playedAt()).isEqualTo("2026-11-01T00:00:03.600Z");
        assertThat(events.get(999).playedAt()).isEqualTo("2026-11-01T01:00:00.000Z");
        assertThat(Simulator.simulatedTime(START, 1_000, 3_600, 1_000)).isEqualTo(START.plusSeconds(3_600));
        assertThat(Simulator.simulatedTime(START, 3, 1, 2)).isEqualTo(Simulator.simulatedTime(START, 3, 2));
    }

    @Test
    void stopsRatherThanProducingEventsMoreThanADayAheadOfTheClock() {
        MutableClock clock = new MutableClock(START);
        // two simulated days per wall-clock second: within the first second the simulation reaches the contract's limit
        SimulatorProperties p = new SimulatorProperties(true, 1_000, 7, 50, 300, 0, START, 86_400 * 2,
                BehaviourParameters.DEFAULTS, SimulatorProperties.DEFAULT_MAX_BATCH);
        Simulator simulator = new Simulator(p, new BehaviouralGenerator(7, 50, 300), clock);
        List<ListenEvent> all = new ArrayList<>(simulator.tick());
        clock.advance(Duration.ofMillis(1_000));
        all.addAll(simulator.tick());
        // event i at START + 172.8 s * i; the last one sent is the last at or before the clock + 1 day
        assertThat(all).hasSize(501);
        assertThat(all.get(500).playedAt()).isEqualTo("2026-11-02T00:00:00.000Z");
        ListenEventCodec codec = new ListenEventCodec(clock);
        assertThat(all).allSatisfy(e -> assertThat(codec.decode(codec.encode(e))).isEqualTo(e));
        clock.advance(Duration.ofDays(3));
        assertThat(simulator.tick()).as("stopped for good").isEmpty();
    }
}
