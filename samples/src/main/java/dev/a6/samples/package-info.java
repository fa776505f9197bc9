/**
 * The sample runner: eight plugins written with a6, built into {@code a6-samples-runner.jar}.
 * The first five take the same confs as the Go runner's examples, so one APISIX route works with
 * either runner.
 */
@NullMarked
package dev.a6.samples;

import org.jspecify.annotations.NullMarked;
