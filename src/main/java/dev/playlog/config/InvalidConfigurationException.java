package dev.playlog.config;

/** A setting Playlog cannot start with: the key, the value as given, and the rule it breaks. */
public class InvalidConfigurationException extends IllegalArgumentException {

    private final String key;
    private final String value;
    private final String rule;

    public InvalidConfigurationException(String key, String value, String rule) {
        super(key + "=" + value + ": " + rule);
        this.key = key;
        this.value = value;
        this.rule = rule;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String rule() {
        return rule;
    }
}
