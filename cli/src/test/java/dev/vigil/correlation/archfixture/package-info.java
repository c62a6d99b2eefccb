/**
 * Deliberately leaky classes in correlation's namespace, for {@code dev.vigil.cli.ArchitectureRulesCanFailTest}
 * only: they show which signatures NO_DROOLS_IN_CORRELATION_API of {@code ArchitectureTest} reports and
 * which it leaves alone. They are test classes, so that test's own import (main code only) never sees them.
 */
package dev.vigil.correlation.archfixture;
