package dev.playlog.spotify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures every log line (with stack traces) of this JVM at DEBUG for Playlog, to scan for secrets. */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger playlog = (Logger) LoggerFactory.getLogger("dev.playlog");
    private final Level previous = playlog.getLevel();

    LogCapture() {
        appender.start();
        root.addAppender(appender);
        playlog.setLevel(Level.DEBUG);
    }

    /** Every captured line: formatted message plus its exception chain. */
    synchronized String text() {
        List<ILoggingEvent> events = List.copyOf(appender.list);
        return events.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        playlog.setLevel(previous);
    }
}
