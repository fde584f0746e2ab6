package dev.playlog.config;

/** Validation rules shared by several {@code *Properties} records. */
public final class ConfigurationRules {

    /**
     * Matches any value except a whole {@code ${NAME}}. Spring Boot binds a placeholder it cannot resolve as literal
     * text, so without this a setting whose environment variable is missing (the compose profile takes the Kafka
     * address and the S3 credentials from the environment) would start as {@code "${PLAYLOG_S3_SECRET_KEY}"} and fail
     * only at the first request. Only a whole-value placeholder is rejected, so no real secret is ever reported.
     */
    public static final String NOT_A_PLACEHOLDER = "(?s)(?!\\$\\{[^}]*}\\z).*";
    public static final String UNRESOLVED = "is an unresolved placeholder: set the environment variable it names";

    private ConfigurationRules() {
    }
}
