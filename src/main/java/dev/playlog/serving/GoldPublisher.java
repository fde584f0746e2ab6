package dev.playlog.serving;

import dev.playlog.dbt.DbtRunSummary;

/**
 * Called by the dbt-transform route after a successful {@code dbt build}, and only then: makes that build's gold
 * what the read API serves. A failed build never reaches it, so the previous build stays current.
 */
public interface GoldPublisher {

    String BEAN = "goldPublisher";

    /** Publishes the gold that the build just finished; returns the build id readers now see. */
    String publish(DbtRunSummary build);
}
