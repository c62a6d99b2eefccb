/**
 * The response SPI: {@link dev.vigil.core.respond.ResponseAction}, implemented by the host application,
 * its {@link dev.vigil.core.respond.ResponseContext} and {@link dev.vigil.core.respond.Outcome}. The
 * machinery that routes alerts to actions, retries them and records every attempt is in module
 * {@code respond}.
 */
package dev.vigil.core.respond;
