package dev.vigil.core.rule;

/**
 * The kind of log a rule applies to: any of product, category and service may be {@code null}.
 * The engine does not interpret it; rule compilers turn it into conditions on the event.
 */
public record LogSource(String product, String category, String service) {

    public static final LogSource ANY = new LogSource(null, null, null);

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "product", product);
        append(sb, "category", category);
        append(sb, "service", service);
        return sb.length() == 0 ? "any" : sb.toString();
    }

    private static void append(StringBuilder sb, String name, String value) {
        if (value != null) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(name).append('=').append(value);
        }
    }
}
