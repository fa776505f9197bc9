/**
 * Prometheus metrics ({@code --metrics-listen}): counters and latency histograms per plugin and
 * phase, fed by the call package's hooks, and the runner's state read at each scrape. Nothing here
 * is loaded when metrics are off.
 */
@NullMarked
package dev.a6.internal.metrics;

import org.jspecify.annotations.NullMarked;
