package dev.playlog.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playlog.event.EventIds;
import dev.playlog.event.ListenEvent;
import dev.playlog.event.ListenEventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BehaviouralGeneratorTest {

    private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
    /** The report's density (1M events, 10k users, 28 days) at a fifth of the size. */
    private static final int EVENTS = 200_000;
    private static final int USERS = 2_000;
    private static final long STEP_NANOS = Duration.ofDays(28).toNanos() / EVENTS;

    private static SimulatorStatistics defaultModel;
    private static BehaviouralGenerator.Counters defaultCounters;

    @BeforeAll
    static void runTheDefaultModel() {
        BehaviouralGenerator generator = new BehaviouralGenerator(SimulatorProperties.DEFAULT_SEED, USERS,
                SimulatorProperties.DEFAULT_TRACKS);
        defaultModel = new SimulatorStatistics(SimulatorProperties.DEFAULT_TRACKS);
        for (int i = 0; i < EVENTS; i++) {
            long nanos = i * STEP_NANOS;
            ListenEvent event = generator.next(MONDAY.plusNanos(nanos));
            defaultModel.accept(event, MONDAY.toEpochMilli() + nanos / 1_000_000, generator.lastUtcOffsetMinutes());
        }
        defaultCounters = generator.counters();
    }

    @Test
    void statisticsOfTheDefaultModelStayWithinTheirDocumentedBands() {
        List<SimulatorStatistics.Check> checks = defaultModel.checks();
        assertThat(checks).hasSizeGreaterThanOrEqualTo(17);
        assertThat(checks).allSatisfy(check -> assertThat(check.passes())
                .as("%s = %.4f, band [%s, %s]", check.band().name(), check.value(), check.band().low(),
                        check.band().high())
                .isTrue());
    }

    @Test
    void skipsLessAtTheStartOfASessionAndOnAlbumsThanOnRadio() {
        double[] byPosition = defaultModel.skipRateByPosition();
        assertThat(byPosition[0]).isLessThan(byPosition[1]).isLessThan(byPosition[4]);
        Map<String, double[]> contexts = defaultModel.contexts();
        assertThat(contexts.keySet()).containsExactlyInAnyOrder("playlist", "collection", "album", "artist", "radio",
                "search");
        assertThat(contexts.get("album")[1]).isLessThan(contexts.get("playlist")[1])
                .isLessThan(contexts.get("radio")[1]);
    }

    @Test
    void subscriptionsChangeAndChurnedUsersAreReplacedBySignups() {
        assertThat(defaultCounters.upgrades()).isPositive();
        assertThat(defaultCounters.downgrades()).isPositive();
        assertThat(defaultCounters.churned()).isPositive();
        // the report's density leaves the population room: nobody is served before their event is due
        assertThat(defaultCounters.servedEarly()).isZero();
    }

    /**
     * At a million events per second of simulated time a thousand events share each millisecond, so many distinct
     * events share user, track, type and millisecond (the old id rule gave them one id); the position in the stream
     * keeps their ids apart.
     */
    @Test
    void idsStayUniqueAtAMillionEventsPerSecond() {
        int count = 2_000_000;
        BehaviouralGenerator generator = new BehaviouralGenerator(SimulatorProperties.DEFAULT_SEED,
                SimulatorProperties.DEFAULT_USERS, SimulatorProperties.DEFAULT_TRACKS);
        long[] idPrefixes = new long[count];
        long[] identities = new long[count];
        for (int i = 0; i < count; i++) {
            ListenEvent e = generator.next(Simulator.simulatedTime(MONDAY, 1_000_000, i));
            idPrefixes[i] = Long.parseUnsignedLong(e.eventId(), 0, 16, 16);
            identities[i] = 31L * (31L * (31L * e.userId().hashCode() + e.trackId().hashCode()) + e.eventType().hashCode())
                    * 1_000_003L + e.playedAt().hashCode();
        }
        assertThat(duplicates(identities)).as("events sharing user, track, type and millisecond").isGreaterThan(100);
        // ids that differ in their first 64 bits differ: no equal prefix means no equal id
        assertThat(duplicates(idPrefixes)).as("event_id collisions").isZero();
    }

    private static int duplicates(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int duplicates = 0;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                duplicates++;
            }
        }
        return duplicates;
    }

    @Test
    void sameSeedAndCallsGiveTheSameEvents() {
        BehaviouralGenerator a = new BehaviouralGenerator(7, 300, 3_000);
        BehaviouralGenerator b = new BehaviouralGenerator(7, 300, 3_000);
        BehaviouralGenerator other = new BehaviouralGenerator(8, 300, 3_000);
        int differences = 0;
        for (int i = 0; i < 5_000; i++) {
            Instant at = MONDAY.plusSeconds(7L * i);
            ListenEvent event = a.next(at);
            assertThat(b.next(at)).isEqualTo(event);
            differences += other.next(at).equals(event) ? 0 : 1;
        }
        assertThat(differences).isEqualTo(5_000);
    }

    @Test
    void everyEventPassesTheContractSchemaAndEveryValueOccurs() {
        ListenEventCodec codec = new ListenEventCodec();
        BehaviouralGenerator generator = new BehaviouralGenerator(11, 400, 4_000);
        Set<String> types = new HashSet<>();
        Set<String> contexts = new HashSet<>();
        Set<String> devices = new HashSet<>();
        Set<String> subscriptions = new HashSet<>();
        Set<String> countries = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Instant at = MONDAY.plusSeconds(13L * i);
            ListenEvent event = generator.next(at);
            assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
            assertThat(event.playedAt()).isEqualTo(EventIds.formatPlayedAt(at));
            assertThat(event.eventId())
                    .isEqualTo(EventIds.ofSimulated(11, i, event.userId(), event.trackId(), at, event.eventType()));
            types.add(event.eventType());
            contexts.add(event.contextType());
            devices.add(event.deviceType());
            subscriptions.add(event.subscription());
            countries.add(event.country());
        }
        assertThat(types).containsExactlyInAnyOrder("play", "skip", "pause", "like", "add_to_playlist");
        assertThat(contexts).containsExactlyInAnyOrder("playlist", "collection", "album", "artist", "radio", "search");
        assertThat(devices).contains("mobile", "desktop", "web", "tablet", "speaker", "car", "tv", "console");
        assertThat(subscriptions).containsExactlyInAnyOrder("free", "premium");
        assertThat(countries).hasSizeGreaterThan(25);
    }

    @Test
    void msPlayedIsConsistentWithTheOutcomeAndInteractionsComeBeforeTheEndOfTheirStream() {
        BehaviouralGenerator generator = new BehaviouralGenerator(3, 200, 2_000);
        Map<String, List<ListenEvent>> openStreams = new HashMap<>();
        int streams = 0;
        for (int i = 0; i < 50_000; i++) {
            ListenEvent event = generator.next(MONDAY.plusSeconds(5L * i));
            assertThat(event.msPlayed()).isBetween(0L, event.durationMs());
            List<ListenEvent> interactions = openStreams.computeIfAbsent(event.sessionId(), s -> new ArrayList<>());
            if (!interactions.isEmpty()) {
                assertThat(event.trackId()).as("a stream's events share its track")
                        .isEqualTo(interactions.get(0).trackId());
            }
            switch (event.eventType()) {
                case "play" -> {
                    assertThat(event.msPlayed()).isEqualTo(event.durationMs());
                    assertThat(event.reasonEnd()).isEqualTo("trackdone");
                }
                case "skip" -> {
                    assertThat(event.msPlayed()).isLessThan(event.durationMs());
                    assertThat(event.reasonEnd()).isIn("fwdbtn", "backbtn", "clickrow", "endplay");
                }
                default -> {
                    assertThat(event.reasonEnd()).as("a stream still playing has no end reason").isNull();
                    if (!interactions.isEmpty()) {
                        ListenEvent previous = interactions.get(interactions.size() - 1);
                        assertThat(event.msPlayed()).isGreaterThanOrEqualTo(previous.msPlayed());
                    }
                    interactions.add(event);
                }
            }
            if (event.isStream()) {
                streams++;
                for (ListenEvent interaction : interactions) {
                    assertThat(interaction.msPlayed()).isLessThanOrEqualTo(event.msPlayed());
                }
                if (event.eventType().equals("skip")) {
                    assertThat(interactions).as("likes and playlist adds come with completed streams")
                            .allMatch(e -> e.eventType().equals("pause"));
                }
                interactions.clear();
            }
        }
        assertThat(streams).isGreaterThan(40_000);
    }

    @Test
    void usersRestForTheSessionGapBetweenSessions() {
        BehaviouralGenerator generator = new BehaviouralGenerator(5, 500, 5_000);
        Map<String, String> lastSession = new HashMap<>();
        Map<String, Instant> lastEvent = new HashMap<>();
        int newSessions = 0;
        for (int i = 0; i < 30_000; i++) {
            Instant at = MONDAY.plusSeconds(20L * i);
            ListenEvent event = generator.next(at);
            String previous = lastSession.put(event.userId(), event.sessionId());
            if (previous != null && !previous.equals(event.sessionId())) {
                newSessions++;
                assertThat(Duration.between(lastEvent.get(event.userId()), at))
                        .isGreaterThanOrEqualTo(Duration.ofMinutes(BehaviourParameters.DEFAULTS.sessionGapMinutes()));
            }
            lastEvent.put(event.userId(), at);
        }
        assertThat(newSessions).isGreaterThan(500);
    }

    @Test
    void servesListenersEarlyRatherThanFailingWhenTheRateOutrunsThePopulation() {
        BehaviouralGenerator generator = new BehaviouralGenerator(9, 5, 500);
        Set<String> ids = new HashSet<>();
        Set<String> users = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ListenEvent event = generator.next(Simulator.simulatedTime(MONDAY, 1_000, i));
            ids.add(event.eventId());
            users.add(event.userId());
        }
        assertThat(ids).hasSize(10_000);
        assertThat(users).hasSizeLessThanOrEqualTo(5 + (int) generator.counters().churned());
        assertThat(generator.counters().servedEarly()).isGreaterThan(9_000);
    }

    @Test
    void churnHandsTheSlotToANewSignupWithANewId() {
        BehaviourParameters d = BehaviourParameters.DEFAULTS;
        BehaviourParameters highChurn = new BehaviourParameters(d.premiumShare(), d.upgradesPerMonth(),
                d.downgradesPerMonth(), 0.9, 0.9, d.activitySigma(), d.sessionGapMinutes(), d.sessionMedianStreams(),
                d.sessionLengthSigma(), d.skipRate(), d.earlySkipRate(), d.shortSkipRate(),
                d.sessionStartSkipFactor(), d.pauseRate(), d.likeRate(), d.addToPlaylistRate(), d.zipfExponent(),
                d.zipfOffset(), d.trackMedianSeconds(), d.trackLengthSigma(), d.tracksPerArtist());
        BehaviouralGenerator generator = new BehaviouralGenerator(13, 50, 1_000, highChurn);
        Set<String> users = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            users.add(generator.next(MONDAY.plus(Duration.ofMinutes(6L * i))).userId());
        }
        assertThat(generator.counters().churned()).isGreaterThan(20);
        // signups are numbered after the initial population
        assertThat(users).contains("u0000050").hasSizeGreaterThan(50);
    }
}
