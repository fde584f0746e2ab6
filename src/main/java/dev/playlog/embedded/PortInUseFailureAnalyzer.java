package dev.playlog.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link PortInUseException} into Spring Boot's short "APPLICATION FAILED TO START" report. */
public class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        String message = cause.getMessage();
        int split = message.indexOf(": ");
        String description = split < 0 ? message : message.substring(0, split) + ".";
        String action = split < 0 ? "Free port " + cause.port() + " or configure another one."
                : Character.toUpperCase(message.charAt(split + 2)) + message.substring(split + 3) + ".";
        return new FailureAnalysis(description, action, cause);
    }
}
