package dev.playlog.ops;

/** Thrown by {@link ManagementExposureGuard}: what is exposed (the description) and what to do (the action). */
public class UnprotectedManagementException extends IllegalStateException {

    private final String description;
    private final String action;

    public UnprotectedManagementException(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    public String description() {
        return description;
    }

    public String action() {
        return action;
    }
}
