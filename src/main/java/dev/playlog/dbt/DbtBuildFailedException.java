package dev.playlog.dbt;

/** A dbt build with a model error or test failure; the message names the failing nodes. */
public class DbtBuildFailedException extends RuntimeException {

    private final DbtRunSummary summary;

    public DbtBuildFailedException(DbtRunSummary summary) {
        super("dbt build failed (" + summary + ")");
        this.summary = summary;
    }

    public DbtRunSummary summary() {
        return summary;
    }
}
