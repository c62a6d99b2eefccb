/**
 * The built-in response actions, found by {@code Responder.builder().discoverActions()}: {@code log}
 * ({@link dev.vigil.respond.actions.LogAction}), {@code jsonl-file}
 * ({@link dev.vigil.respond.actions.JsonLinesFileAction}), {@code webhook}
 * ({@link dev.vigil.respond.actions.WebhookAction}) and {@code process}
 * ({@link dev.vigil.respond.actions.ProcessAction}). Each is configured by its route's parameters, read
 * on every call; a parameter that cannot work is a failure that is not retried.
 */
package dev.vigil.respond.actions;
