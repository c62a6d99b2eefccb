/**
 * Deliberately bad classes in respond's namespace, for {@code dev.vigil.cli.ArchitectureRulesCanFailTest}
 * only: each breaks one rule of {@code ArchitectureTest}. They are test classes, so that test's own
 * import (main code only) never sees them.
 */
package dev.vigil.respond.archfixture;
