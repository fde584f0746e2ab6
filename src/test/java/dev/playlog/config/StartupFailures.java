package dev.playlog.config;

import java.util.List;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

/**
 * What a user reads under "APPLICATION FAILED TO START": runs the failure analyzers registered in
 * {@code META-INF/spring.factories} (Spring Boot's and Playlog's) over a start-up failure, as Spring Boot does.
 */
public final class StartupFailures {

    private static final List<FailureAnalyzer> ANALYZERS = analyzers();

    private StartupFailures() {
    }

    /** The first analysis of {@code failure}, or an AssertionError when no analyzer recognises it. */
    public static FailureAnalysis analyze(Throwable failure) {
        for (FailureAnalyzer analyzer : ANALYZERS) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis;
            }
        }
        throw new AssertionError("No failure analyzer explains " + failure, failure);
    }

    private static List<FailureAnalyzer> analyzers() {
        // analyzers that need a bean factory are skipped: the ones these tests rely on need none
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(StartupFailures.class.getClassLoader())
                .load(FailureAnalyzer.class, ArgumentResolver.none(), (type, name, ex) -> { });
        AnnotationAwareOrderComparator.sort(analyzers);
        return analyzers;
    }
}
