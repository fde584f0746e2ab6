package dev.playlog.warehouse;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Serialises everything that opens the warehouse for writing: the refresh, {@code dbt build} and bootstrap.
 * DuckDB allows one writing process per file, so the app must never hold the file while dbt runs.
 */
@Component
public class WarehouseLock {

    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile String holder = "";

    public <T> T withLock(String what, Supplier<T> work) {
        lock.lock();
        return runLocked(what, work);
    }

    /** Runs the work only if nobody holds the warehouse; returns null otherwise. */
    public <T> T tryWithLock(String what, Supplier<T> work) {
        if (!lock.tryLock()) {
            return null;
        }
        return runLocked(what, work);
    }

    private <T> T runLocked(String what, Supplier<T> work) {
        try {
            holder = what;
            return work.get();
        } finally {
            holder = "";
            lock.unlock();
        }
    }

    public String holder() {
        return holder;
    }
}
