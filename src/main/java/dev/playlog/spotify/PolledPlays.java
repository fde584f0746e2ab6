package dev.playlog.spotify;

import dev.playlog.event.ListenEvent;
import java.util.List;

/**
 * What one poll of one account found: the events to send, and the cursor to store once Kafka acknowledged them
 * ({@link SpotifyPoller#acknowledge}); used by the spotify-poll route.
 *
 * @param cursorMs newest {@code played_at} (ms) among the events, or the account's current cursor when none
 */
public record PolledPlays(String accountId, List<ListenEvent> events, Long cursorMs) {
}
