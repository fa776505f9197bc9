/**
 * Start and stop of a runner process: the options and environment ({@code RunnerConfig}), the
 * start-up order that keeps a bad setting from half-starting a runner ({@code Launcher}), the
 * signals that stop it cleanly, and {@code selftest}.
 *
 * <p>The first stage of a runner's life and the top of the runtime: it builds the transport with
 * the conf cache and call handling behind it. Nothing below depends on it.
 */
@NullMarked
package dev.a6.internal.launch;

import org.jspecify.annotations.NullMarked;
