package org.safeguardingsignals.bench;

/**
 * The console's own count of its live streams, read from its internal listener every second while the slow client is
 * connected: the most streams open at once, when the count first fell (no other client leaves meanwhile: the slow
 * client's stream ended), and when (if ever) the console dropped a stream for falling behind.
 */
final class StreamMeters implements AutoCloseable {
    private final ConsoleProcess console;
    private final long start = System.nanoTime();
    private final double droppedAtStart;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile double peakOpen;
    private volatile double dropped;
    private volatile double droppedAfterSeconds = -1;
    private volatile double fellAfterSeconds = -1;

    StreamMeters(ConsoleProcess console) throws Exception {
        this.console = console;
        this.droppedAtStart = console.streamsDropped();
        sampler = new Thread(this::sample, "bench-stream-meters");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            try {
                double open = console.streamsOpen();
                if (open < peakOpen && fellAfterSeconds < 0) {
                    fellAfterSeconds = (System.nanoTime() - start) / 1e9;
                }
                peakOpen = Math.max(peakOpen, open);
                dropped = console.streamsDropped() - droppedAtStart;
                if (dropped > 0 && droppedAfterSeconds < 0) {
                    droppedAfterSeconds = (System.nanoTime() - start) / 1e9;
                }
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                Bench.say("could not read the console's stream meters: %s", e);
            }
        }
    }

    double peakOpen() {
        return peakOpen;
    }

    /** Seconds from the start until the count of open streams first fell, or -1 if it did not. */
    double fellAfterSeconds() {
        return fellAfterSeconds;
    }

    /** When the count first fell (System.nanoTime), or -1 if it did not. */
    long fellAt() {
        return fellAfterSeconds < 0 ? -1 : start + (long) (fellAfterSeconds * 1e9);
    }

    /** Streams the console dropped for falling behind since this began. */
    double dropped() {
        return dropped;
    }

    /** Seconds from the start until the console first dropped a stream, or -1 if it did not. */
    double droppedAfterSeconds() {
        return droppedAfterSeconds;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }
}
