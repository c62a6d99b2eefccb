package dev.vigil.cli;

/** Tells a running watch to stop, and wakes whatever waits for it; stopping is for good. */
final class StopSignal {

    private boolean stopped;

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    synchronized boolean stopped() {
        return stopped;
    }

    /** Waits up to {@code millis} or until stopped; returns whether stopped. */
    synchronized boolean await(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (!stopped) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
        return stopped;
    }
}
