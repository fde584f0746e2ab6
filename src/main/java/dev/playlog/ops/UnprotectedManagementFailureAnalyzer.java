package dev.playlog.ops;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link UnprotectedManagementException} into Spring Boot's short "APPLICATION FAILED TO START" report. */
public class UnprotectedManagementFailureAnalyzer extends AbstractFailureAnalyzer<UnprotectedManagementException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnprotectedManagementException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
