package dev.playlog.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak memory of this JVM per benchmark stage and for the whole run: heap used sampled every 50 ms, the GC pools'
 * own peak counters, and the kernel's resident-set high-water mark ({@code VmHWM}), which a stage resets by writing
 * {@code 5} to {@code /proc/self/clear_refs} (Linux 4.0+; when that is refused the figure is the run's peak so far).
 */
final class MemoryWatch implements AutoCloseable {

    /** Peaks in bytes. {@code poolPeaks} is the sum of the heap pools' peaks: an upper bound of the true peak. */
    record Peak(long heapUsed, long poolPeaks, long rss) {
    }

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final AtomicLong stageHeap = new AtomicLong();
    private final AtomicLong runHeap = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-memory-sampler");
        t.setDaemon(true);
        return t;
    });
    private long runPoolPeaks;
    private long runRss;
    private boolean rssResettable = true;

    MemoryWatch() {
        sampler.scheduleAtFixedRate(this::sample, 0, 50, TimeUnit.MILLISECONDS);
    }

    boolean rssPerStage() {
        return rssResettable;
    }

    private void sample() {
        long used = memory.getHeapMemoryUsage().getUsed();
        stageHeap.accumulateAndGet(used, Math::max);
        runHeap.accumulateAndGet(used, Math::max);
    }

    /** Starts a stage: resets the sampled heap peak, the pools' peaks and the RSS high-water mark. */
    synchronized void beginStage() {
        runRss = Math.max(runRss, rssHighWaterMark());
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        stageHeap.set(0);
        if (rssResettable) {
            try {
                Files.writeString(CLEAR_REFS, "5");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                rssResettable = false;
            }
        }
        sample();
    }

    /** The stage's peaks since {@link #beginStage()}. */
    synchronized Peak endStage() {
        sample();
        long pools = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long rss = rssHighWaterMark();
        runPoolPeaks = Math.max(runPoolPeaks, pools);
        runRss = Math.max(runRss, rss);
        return new Peak(stageHeap.get(), pools, rss);
    }

    /** Peaks of the whole run (the maximum over the stages and everything in between). */
    synchronized Peak run() {
        sample();
        long pools = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Peak(runHeap.get(), Math.max(runPoolPeaks, pools), Math.max(runRss, rssHighWaterMark()));
    }

    long maxHeap() {
        return memory.getHeapMemoryUsage().getMax();
    }

    private static long rssHighWaterMark() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
