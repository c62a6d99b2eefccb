package dev.vigil.respond;

import dev.vigil.core.alert.Alert;
import dev.vigil.core.respond.Outcome;
import dev.vigil.core.respond.ResponseAction;
import dev.vigil.core.respond.ResponseContext;
import dev.vigil.core.rule.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@code RestartTest}: a responder on a journal whose one action appends each
 * idempotency key it has done to a file, slowly. Arguments: JOURNAL_DIR KEYS_FILE ALERTS (0: accept none,
 * only resume what the journal holds) DELAY_MS.
 */
public final class RestartChild {

    private RestartChild() {
    }

    public static void main(String[] args) throws Exception {
        Path journal = Path.of(args[0]);
        Path keys = Path.of(args[1]);
        int alerts = Integer.parseInt(args[2]);
        long delay = Long.parseLong(args[3]);
        ResponseAction record = new ResponseAction() {
            @Override
            public String name() {
                return "record";
            }

            @Override
            public Outcome execute(Alert alert, ResponseContext context) throws IOException, InterruptedException {
                Thread.sleep(delay);
                synchronized (this) {
                    Files.writeString(keys, context.idempotencyKey() + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                return Outcome.done();
            }
        };
        try (Responder r = Responder.builder().action(record)
                .policy(ResponsePolicy.builder().route(AlertSelector.ALL, "record", Map.of()).build())
                .journal(journal, false).threadsPerAction(2).drainTimeout(Duration.ofMinutes(2)).build()) {
            for (int i = 0; i < alerts; i++) {
                r.accept(ResponderTest.alert("r" + (i % 5), Level.HIGH, List.of(), i));
            }
            System.out.println("accepted " + alerts + ", resumed " + r.stats().resumed());
            System.out.flush();
            r.awaitIdle(Duration.ofMinutes(2));
            System.out.println("idle " + r.stats());
        }
    }
}
