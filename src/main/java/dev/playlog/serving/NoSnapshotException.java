package dev.playlog.serving;

/** No gold snapshot has been published yet (the first dbt build has not finished); the API answers 503. */
public class NoSnapshotException extends RuntimeException {

    public NoSnapshotException() {
        super("No gold snapshot has been published yet: the first dbt build has not finished");
    }
}
