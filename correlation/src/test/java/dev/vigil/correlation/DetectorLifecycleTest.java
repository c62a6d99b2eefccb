package dev.vigil.correlation;

import static dev.vigil.correlation.CorrelationTestSupport.corr;
import static dev.vigil.correlation.CorrelationTestSupport.event;
import static dev.vigil.correlation.CorrelationTestSupport.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.correlation.CorrelationCondition;
import dev.vigil.core.rule.correlation.CorrelationType;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A long-lived host rebuilds its detector as rules change: the detectors it drops, with their Drools rule
 * bases, must be collectable (no static cache or repository of Vigil's or Drools' may keep them).
 */
class DetectorLifecycleTest {

    private static final int DETECTORS = 20;

    @Test
    void droppedDetectors_andTheirRuleBases_areCollected() throws InterruptedException {
        List<WeakReference<Object>> dropped = new ArrayList<>();
        for (int i = 0; i < DETECTORS; i++) {
            Detector detector = Detector.builder().addRule(rule("fail"))
                    .addCorrelation(corr("brute-" + i, CorrelationType.EVENT_COUNT, Duration.ofMinutes(5), "fail")
                            .groupBy(List.of("user")).condition(CorrelationCondition.atLeast(2)).generate(true)
                            .build())
                    .build();
            AtomicInteger alerts = new AtomicInteger();
            try (DetectorSession s = detector.newSession().onAlert(a -> alerts.incrementAndGet()).open()) {
                s.accept(event("fail", 0, "user", "admin"));
                s.accept(event("fail", 1, "user", "admin"));
                s.finish();
            }
            assertThat(alerts.get()).isPositive();
            dropped.add(new WeakReference<>(detector));
            dropped.add(new WeakReference<>(detector.kieBase()));
        }

        int cleared = 0;
        for (int round = 0; round < 20 && cleared < dropped.size(); round++) {
            System.gc();
            Thread.sleep(50);
            cleared = (int) dropped.stream().filter(r -> r.get() == null).count();
        }
        assertThat(cleared).as("detectors and rule bases collected of %d", dropped.size()).isEqualTo(dropped.size());
    }
}
