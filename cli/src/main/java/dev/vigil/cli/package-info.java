/**
 * The {@code vigil} command line: {@code check} validates Sigma rules, {@code hunt} runs them over
 * event files. {@link dev.vigil.cli.Main} is the entry point; everything else is internal.
 */
package dev.vigil.cli;
