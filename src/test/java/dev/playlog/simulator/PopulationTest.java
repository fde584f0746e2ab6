package dev.playlog.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PopulationTest {

    @Test
    void hoursOfTheWeekStartOnMondayInLocalTime() {
        assertThat(Population.utcHourOfWeek(Instant.parse("2026-01-05T00:00:00Z").toEpochMilli())).isZero();
        assertThat(Population.utcHourOfWeek(Instant.parse("2026-01-11T23:59:59Z").toEpochMilli())).isEqualTo(167);
        // 18:30 UTC on Sunday is Monday 00:00 in India (UTC+05:30)
        assertThat(Population.hourOfWeek(Instant.parse("2026-01-04T18:30:00Z").toEpochMilli(), 330)).isZero();
        assertThat(Population.hourOfWeek(Instant.parse("2026-01-05T04:59:00Z").toEpochMilli(), -300)).isEqualTo(167);
    }

    @Test
    void startersAreAwakeInTheirOwnTimeZone() {
        Population population = new Population(20_000, BehaviourParameters.DEFAULTS, new SplittableRandom(1));
        SplittableRandom random = new SplittableRandom(2);
        long monday = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        int[] localHours = new int[24];
        int n = 336_000;
        for (int i = 0; i < n; i++) {
            long at = monday + i * 1_800L;
            int u = population.pickStarter(at, random);
            localHours[Population.hourOfWeek(at, population.offsetMinutes(u)) % 24]++;
        }
        double night = (localHours[2] + localHours[3] + localHours[4]) / (double) n;
        double evening = (localHours[17] + localHours[18] + localHours[19]) / (double) n;
        assertThat(night).isLessThan(0.04);
        assertThat(evening).isGreaterThan(0.15);
    }

    @Test
    void countriesAndDevicesFollowTheirShares() {
        Population population = new Population(50_000, BehaviourParameters.DEFAULTS, new SplittableRandom(1));
        Map<String, Integer> countries = new HashMap<>();
        int mobile = 0;
        int premium = 0;
        for (int u = 0; u < population.size; u++) {
            countries.merge(population.country(u), 1, Integer::sum);
            mobile += population.primaryDevice[u] == 0 ? 1 : 0;
            premium += population.premium[u] ? 1 : 0;
        }
        assertThat(countries.get("US") / 50_000.0).isBetween(0.15, 0.18);
        assertThat(countries.get("BR") / 50_000.0).isBetween(0.08, 0.10);
        assertThat(mobile / 50_000.0).isBetween(0.58, 0.62);
        assertThat(premium / 50_000.0).isBetween(0.38, 0.40);
        assertThat(countries.keySet()).allMatch(c -> c.matches("[A-Z]{2}"));
    }
}
