package dev.playlog.warehouse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that holds a DuckDB file, as DuckDB names it when it refuses a second writer: {@code Could not set lock
 * on file "...": Conflicting lock is held in /path/to/program (PID 1234) by user ...}. {@link DuckDbWarehouse} waits
 * for it at start-up.
 *
 * @param pid     the holder's process id
 * @param program the holder's executable, as DuckDB reports it
 */
public record DuckDbLockHolder(long pid, String program) {

    private static final Pattern HOLDER = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

    /** The holder named by the exception or one of its causes; empty when it is not a DuckDB lock conflict. */
    public static Optional<DuckDbLockHolder> of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : HOLDER.matcher(t.getMessage());
            if (m != null && m.find()) {
                return Optional.of(new DuckDbLockHolder(Long.parseLong(m.group(2)), m.group(1)));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Returns when the holder has exited or after {@code atMost}, whichever comes first. */
    public void awaitExit(Duration atMost) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            // gone already, or not visible from here (another PID namespace): try again after the pause
            LockSupport.parkNanos(atMost.toNanos());
            return;
        }
        try {
            process.get().onExit().get(atMost.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // still running: the caller tries the lock again
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for PID " + pid + " to release the warehouse", e);
        }
    }

    @Override
    public String toString() {
        return "PID " + pid + " (" + program + ")";
    }
}
