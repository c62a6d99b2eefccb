package dev.vigil.core.respond;

import java.util.Objects;

/** What a {@link ResponseAction} did: done, failed (retryable or not, with a reason) or skipped (with a reason). */
public sealed interface Outcome permits Outcome.Done, Outcome.Failed, Outcome.Skipped {

    /** The action did what it was asked. */
    static Outcome done() {
        return Done.INSTANCE;
    }

    /** The action could not act; {@code retryable} if trying again later may succeed (a timeout, a 503). */
    static Outcome failed(String reason, boolean retryable) {
        return new Failed(reason, retryable);
    }

    /** The action chose not to act (the host is already isolated, the account unknown); not retried. */
    static Outcome skipped(String reason) {
        return new Skipped(reason);
    }

    /** The action did what it was asked. */
    record Done() implements Outcome {
        private static final Done INSTANCE = new Done();
    }

    /** The action could not act, for {@code reason}; retried if {@code retryable}. */
    record Failed(String reason, boolean retryable) implements Outcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The action chose not to act, for {@code reason}. */
    record Skipped(String reason) implements Outcome {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
