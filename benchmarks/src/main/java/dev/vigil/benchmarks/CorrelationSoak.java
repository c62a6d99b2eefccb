package dev.vigil.benchmarks;

import dev.vigil.correlation.CorrelationStats;
import dev.vigil.correlation.Detector;
import dev.vigil.correlation.DetectorSession;
import dev.vigil.correlation.SessionBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Soak test of the correlation stage (not a unit test): drives MATCHES matches over GROUPS distinct
 * group keys through one session and reports throughput, the state held, and the heap: the peak of
 * the heap pools, and the live heap after a full GC at every tenth of the run, which stays flat when
 * state is bounded.
 *
 * <pre>
 * ./mvnw -q -DskipTests package
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.CorrelationSoak \
 *      [matches=10000000] [groups=1000000] [type=event_count] [partitions=1] [stepMillis=1] [timespan=5m] [maxGroups=1000000]
 *      [lateness=0s|unbounded] [threshold=5] [hot=0.0]
 * </pre>
 */
public final class CorrelationSoak {

    private CorrelationSoak() {
    }

    public static void main(String[] args) {
        long matches = 10_000_000;
        int groups = 1_000_000;
        String type = "event_count";
        int partitions = 1;
        long step = 1;
        Duration span = Duration.ofMinutes(5);
        int maxGroups = 1_000_000;
        Duration lateness = Duration.ZERO;
        long threshold = 5;
        double hot = 0;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "matches" -> matches = Long.parseLong(kv[1]);
                case "groups" -> groups = Integer.parseInt(kv[1]);
                case "type" -> type = kv[1];
                case "partitions" -> partitions = Integer.parseInt(kv[1]);
                case "stepMillis" -> step = Long.parseLong(kv[1]);
                case "timespan" -> span = Duration.parse("PT" + kv[1].toUpperCase(Locale.ROOT));
                case "maxGroups" -> maxGroups = Integer.parseInt(kv[1]);
                case "lateness" -> lateness = kv[1].equals("unbounded") ? SessionBuilder.UNBOUNDED
                        : Duration.parse("PT" + kv[1].toUpperCase(Locale.ROOT));
                case "threshold" -> threshold = Long.parseLong(kv[1]);
                case "hot" -> hot = Double.parseDouble(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        System.out.printf(Locale.ROOT, "soak: %,d matches over %,d groups, %s, %d partition(s), one match every %d ms"
                + " of event time, timespan %s, max groups %,d, lateness %s, threshold %d, hot share %.2f%n", matches, groups, type,
                partitions, step, span, maxGroups, lateness, threshold, hot);
        Detector detector = CorrelationWorkload.detector(type, span, threshold);
        SplittableRandom random = new SplittableRandom(7);
        long[] alerts = new long[1];
        long start = System.nanoTime();
        long maxLiveAfterGc = 0;
        try (DetectorSession session = detector.newSession().partitions(partitions).batchSize(1024)
                .maxGroups(maxGroups).allowedLateness(lateness).onAlert(a -> alerts[0]++).open()) {
            long checkpoint = Math.max(1, matches / 10);
            for (long i = 0; i < matches; i++) {
                session.acceptMatch(CorrelationWorkload.match(i, step, groups, type.equals("temporal_ordered"), random, hot));
                if ((i + 1) % checkpoint == 0) {
                    session.flush();
                    long live = liveHeapAfterGc();
                    maxLiveAfterGc = Math.max(maxLiveAfterGc, live);
                    CorrelationStats s = session.stats();
                    System.out.printf(Locale.ROOT, "  %,12d matches  %6.1f s  live heap after GC %,6d MiB  groups %,9d"
                            + "  matches held %,9d  alerts %,9d  evicted %,d%n", i + 1, (System.nanoTime() - start) / 1e9,
                            live >> 20, s.liveGroups(), s.liveMatches(), alerts[0], s.evictedGroups());
                }
            }
            session.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            CorrelationStats s = session.stats();
            System.out.printf(Locale.ROOT, "done: %,.0f matches/s over %.1f s; alerts %,d; late %,d; evicted groups %,d%n",
                    matches / seconds, seconds, alerts[0], s.late(), s.evictedGroups());
        }
        System.out.printf(Locale.ROOT, "peak heap (pools): %,d MiB; max live heap after GC: %,d MiB; -Xmx %,d MiB%n",
                peakHeap() >> 20, maxLiveAfterGc >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long liveHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
