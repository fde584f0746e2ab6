package dev.playlog.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an {@link InvalidConfigurationException} in the shape Spring Boot uses for a bad property. */
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("Invalid configuration:\n\n    Property: " + cause.key() + "\n    Value: \""
                + cause.value() + "\"\n    Reason: " + cause.rule() + "\n",
                "Update your application's configuration (README.md, section Configuration, lists every key).", cause);
    }
}
