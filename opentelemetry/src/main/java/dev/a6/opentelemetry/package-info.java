/**
 * OpenTelemetry traces for a6 runners: add this module to a runner and each plugin run of a
 * traced request becomes a span under APISIX's trace. See {@link
 * dev.a6.opentelemetry.TracingObserver}.
 */
@NullMarked
package dev.a6.opentelemetry;

import org.jspecify.annotations.NullMarked;
