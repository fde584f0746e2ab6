package dev.playlog.spotify;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures every log line (with stack traces) of this JVM while a test holds a {@code LogCapture} open, to scan for
 * secrets. Registered in logback-test.xml, so it survives Spring Boot re-initialising logging when an app starts;
 * the lines live in a static list because each re-initialisation creates a new appender instance.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final List<String> LINES = new ArrayList<>();
    private static volatile boolean capturing;

    /** Used by logback. */
    public LogCapture() {
    }

    /** Starts capturing (clearing what an earlier capture kept). */
    public static LogCapture open() {
        synchronized (LINES) {
            LINES.clear();
        }
        capturing = true;
        return new LogCapture();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!capturing) {
            return;
        }
        String line = event.getLoggerName() + " " + event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()));
        synchronized (LINES) {
            LINES.add(line);
        }
    }

    /** Every captured line: logger, formatted message and exception chain. */
    public String text() {
        synchronized (LINES) {
            return String.join("\n", LINES);
        }
    }

    @Override
    public void close() {
        capturing = false;
        synchronized (LINES) {
            LINES.clear();
        }
    }
}
