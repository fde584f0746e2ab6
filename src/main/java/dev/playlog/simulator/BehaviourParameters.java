package dev.playlog.simulator;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Knobs of the behavioural listening model ({@code playlog.simulator.model.*}); {@link #DEFAULTS} holds the
 * figures docs/simulator.md sources. Rates "per month" are probabilities over 30 days, applied as a constant hazard.
 *
 * @param premiumShare          share of the initial population on premium (Spotify Q4 2024: 263M of 675M MAU)
 * @param upgradesPerMonth      probability that a free user upgrades to premium within a month
 * @param downgradesPerMonth    probability that a premium user drops back to free within a month
 * @param freeChurnPerMonth     probability that a free user leaves within a month (a new signup takes the place)
 * @param premiumChurnPerMonth  probability that a premium user leaves within a month
 * @param activitySigma         spread (sigma of a log-normal) of how often individual users start sessions
 * @param sessionGapMinutes     minimum idle time between two sessions of one user (Eventsim's session-gap)
 * @param sessionMedianStreams  median number of streams (plays + skips) in a session
 * @param sessionLengthSigma    sigma of the log-normal number of streams per session
 * @param skipRate              share of streams ended by the listener before the track's end (Lamere 2014: 48.6%)
 * @param earlySkipRate         share of streams skipped within 5 s (Lamere 2014: 24.14%)
 * @param shortSkipRate         share of streams skipped within 30 s (Lamere 2014: 35.05%)
 * @param sessionStartSkipFactor skip probability of a session's first stream relative to a late one; it recovers
 *                              over the first few streams
 * @param pauseRate             probability of a pause in a stream that plays at least 20 s
 * @param likeRate              probability that a completed stream is liked
 * @param addToPlaylistRate     probability that a completed stream is added to a playlist
 * @param zipfExponent          exponent s of the Zipf–Mandelbrot track popularity 1/(rank + q)^s
 * @param zipfOffset            offset q of the Zipf–Mandelbrot track popularity (flattens the very top)
 * @param trackMedianSeconds    median track length (log-normal)
 * @param trackLengthSigma      sigma of the log-normal track length
 * @param tracksPerArtist       catalogue size divided by the number of artists
 */
public record BehaviourParameters(
        @DefaultValue("0.39") @DecimalMin("0") @DecimalMax("1") double premiumShare,
        @DefaultValue("0.025") @DecimalMin("0") @DecimalMax("1") double upgradesPerMonth,
        @DefaultValue("0.01") @DecimalMin("0") @DecimalMax("1") double downgradesPerMonth,
        @DefaultValue("0.06") @DecimalMin("0") @DecimalMax("0.99") double freeChurnPerMonth,
        @DefaultValue("0.03") @DecimalMin("0") @DecimalMax("0.99") double premiumChurnPerMonth,
        @DefaultValue("1.2") @DecimalMin("0") @DecimalMax("4") double activitySigma,
        @DefaultValue("30") @Min(1) @Max(1440) int sessionGapMinutes,
        @DefaultValue("10") @DecimalMin("1") @DecimalMax("500") double sessionMedianStreams,
        @DefaultValue("0.9") @DecimalMin("0") @DecimalMax("3") double sessionLengthSigma,
        @DefaultValue("0.486") @DecimalMin("0") @DecimalMax("0.95") double skipRate,
        @DefaultValue("0.2414") @DecimalMin("0") @DecimalMax("0.95") double earlySkipRate,
        @DefaultValue("0.3505") @DecimalMin("0") @DecimalMax("0.95") double shortSkipRate,
        @DefaultValue("0.55") @DecimalMin("0.05") @DecimalMax("2") double sessionStartSkipFactor,
        @DefaultValue("0.06") @DecimalMin("0") @DecimalMax("1") double pauseRate,
        @DefaultValue("0.08") @DecimalMin("0") @DecimalMax("1") double likeRate,
        @DefaultValue("0.045") @DecimalMin("0") @DecimalMax("1") double addToPlaylistRate,
        @DefaultValue("1.0") @DecimalMin("0") @DecimalMax("5") double zipfExponent,
        @DefaultValue("5") @DecimalMin("0") @DecimalMax("1000000") double zipfOffset,
        @DefaultValue("210") @Min(45) @Max(900) int trackMedianSeconds,
        @DefaultValue("0.3") @DecimalMin("0") @DecimalMax("2") double trackLengthSigma,
        @DefaultValue("10") @Min(1) @Max(1000) int tracksPerArtist) {

    /** The documented defaults; a test checks they equal what binding an empty configuration yields. */
    public static final BehaviourParameters DEFAULTS = new BehaviourParameters(0.39, 0.025, 0.01, 0.06, 0.03, 1.2,
            30, 10, 0.9, 0.486, 0.2414, 0.3505, 0.55, 0.06, 0.08, 0.045, 1.0, 5, 210, 0.3, 10);

    /** Skips within 5 s are a part of skips within 30 s, which are a part of all skips. */
    @AssertTrue(message = "must satisfy early-skip-rate <= short-skip-rate <= skip-rate")
    public boolean isSkipRatesOrdered() {
        return earlySkipRate <= shortSkipRate && shortSkipRate <= skipRate;
    }
}
