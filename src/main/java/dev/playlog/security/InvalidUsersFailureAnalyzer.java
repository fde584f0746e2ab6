package dev.playlog.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link InvalidUsersException} into Spring Boot's short "APPLICATION FAILED TO START" report. */
public class InvalidUsersFailureAnalyzer extends AbstractFailureAnalyzer<InvalidUsersException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidUsersException cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix the user definition; README.md, section Security, shows"
                + " the format and how to hash a password.", cause);
    }
}
