/** Runnable examples of embedding Vigil; the rules and events they use are in {@code examples/rules} and {@code examples/events}. */
package dev.vigil.examples;
