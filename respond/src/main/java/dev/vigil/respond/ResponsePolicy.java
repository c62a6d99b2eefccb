package dev.vigil.respond;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which alerts go to which actions with which parameters: an ordered list of routes, each an
 * {@link AlertSelector}, an action name and its parameters. An alert goes to every route that selects
 * it (once per route). Immutable; a responder checks, when it is built, that every action named exists.
 *
 * <pre>{@code
 * ResponsePolicy policy = ResponsePolicy.builder()
 *         .route(AlertSelector.builder().minLevel(Level.HIGH).build(), "page-on-call", Map.of())
 *         .route(AlertSelector.builder().tags(List.of("attack.t1110*")).kind("correlation").build(),
 *                 "disable-account", Map.of("directory", "corp"))
 *         .build();
 * }</pre>
 */
public final class ResponsePolicy {

    /** One route: the alerts {@code selector} takes go to {@code action} with {@code parameters}. */
    public record Route(AlertSelector selector, String action, Map<String, String> parameters) {
        public Route {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(action, "action");
            parameters = Map.copyOf(parameters);
        }

        /** Names the parameters, not their values: a value may be a secret (a webhook's key). */
        @Override
        public String toString() {
            return "Route[" + selector + " -> " + action + " with " + new java.util.TreeSet<>(parameters.keySet()) + "]";
        }
    }

    private final List<Route> routes;

    private ResponsePolicy(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The routes, in order. */
    public List<Route> routes() {
        return routes;
    }

    /** Builds a {@link ResponsePolicy}. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        public Builder route(AlertSelector selector, String action, Map<String, String> parameters) {
            routes.add(new Route(selector, action, parameters));
            return this;
        }

        public Builder route(Route route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        public ResponsePolicy build() {
            return new ResponsePolicy(routes);
        }
    }
}
