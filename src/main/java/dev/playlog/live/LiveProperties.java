package dev.playlog.live;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code playlog.live.*}: the live leaderboard ({@link LiveLeaderboard}).
 *
 * @param enabled       run the topology with the app (it can be stopped and started at runtime)
 * @param applicationId Kafka Streams application id: its consumer group and the prefix of its changelog topics
 * @param minMsPlayed   a stream counts from this many milliseconds played (Spotify's 30 s rule)
 * @param shortWindow   the short board: hopping windows of this size ...
 * @param shortAdvance  ... advancing by this much
 * @param longWindow    the long board's window size ...
 * @param longAdvance   ... and advance
 * @param grace         how late an event may arrive (event time) and still count in its windows
 * @param stateDir      Kafka Streams' local state (rebuilt from the changelog topics when lost)
 */
@Validated
@ConfigurationProperties(prefix = "playlog.live")
public record LiveProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("playlog-live") @Pattern(regexp = "[a-zA-Z0-9._\\-]{1,100}", message = "must be 1-100 letters, digits, '.', '_' or '-'") String applicationId,
        @DefaultValue("30000") @Min(0) @Max(86_400_000) long minMsPlayed,
        @DefaultValue("5m") @NotNull Duration shortWindow,
        @DefaultValue("1m") @NotNull Duration shortAdvance,
        @DefaultValue("1h") @NotNull Duration longWindow,
        @DefaultValue("5m") @NotNull Duration longAdvance,
        @DefaultValue("30s") @NotNull Duration grace,
        @DefaultValue("data/live") @NotBlank String stateDir) {

    @AssertTrue(message = "each advance must be positive, at most its window, and divide it evenly")
    boolean isEachAdvanceFitsItsWindow() {
        return fits(shortWindow, shortAdvance) && fits(longWindow, longAdvance);
    }

    private static boolean fits(Duration window, Duration advance) {
        return window == null || advance == null || (advance.toMillis() > 0 && advance.compareTo(window) <= 0
                && window.toMillis() % advance.toMillis() == 0);
    }
}
