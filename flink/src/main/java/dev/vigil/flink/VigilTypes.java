package dev.vigil.flink;

import dev.vigil.core.event.Event;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink type information for Vigil's types, with serializers of their own (never Kryo): give
 * {@link #event()} to a source or a map that produces events ({@code .returns(VigilTypes.event())}).
 * Alerts are {@link AlertRecord} POJOs and need nothing.
 */
public final class VigilTypes {

    private static final TypeInformation<Event> EVENT = new CodecTypeInfo<>(Event.class, EventSerializer::new);
    private static final TypeInformation<RuleSet> RULE_SET = new CodecTypeInfo<>(RuleSet.class, RuleSetSerializer::new);

    private VigilTypes() {
    }

    /** Events: source position, time and fields, each value keeping its Java type. */
    public static TypeInformation<Event> event() {
        return EVENT;
    }

    /** Rule sets, for a rule-update stream. */
    public static TypeInformation<RuleSet> ruleSet() {
        return RULE_SET;
    }
}
