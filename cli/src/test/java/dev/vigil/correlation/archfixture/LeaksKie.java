package dev.vigil.correlation.archfixture;

import java.util.List;
import java.util.Map;
import org.drools.core.ClockType;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/** Public, so every public or protected member below is API; the comments say which ones leak. */
public class LeaksKie {

    /** Leaks: a public field. */
    public KieSession session;

    /** Fine: private. */
    private KieBase base;

    /** Fine: nothing of Drools. */
    public LeaksKie() {
    }

    /** Leaks: a constructor's parameter. */
    public LeaksKie(KieBase base) {
        this.base = base;
    }

    /** Leaks: a type argument of the return type. */
    public List<KieSession> sessions() {
        return List.of(session);
    }

    /** Leaks: a wildcard's bound in a parameter. */
    protected void retract(Map<String, ? extends FactHandle> handles) {
    }

    /** Leaks: a type parameter's bound. */
    public <T extends KieBase> T base(Class<T> type) {
        return type.cast(base);
    }

    /** Fine: package-private. */
    KieSession hidden() {
        return session;
    }

    /** Fine: nothing of Drools. */
    public String name() {
        return "leaks";
    }

    /** Leaks through a public nested class: an array of a Drools type. */
    public static final class Clocks {

        public ClockType[] clocks() {
            return ClockType.values();
        }
    }

    /** Fine: a package-private nested class cannot be named outside the package. */
    static final class Hidden {

        public KieSession session() {
            return null;
        }
    }
}
