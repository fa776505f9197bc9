/**
 * Benchmarks of a6: a load generator that talks to a runner as APISIX does, a raw-reply server
 * that is the floor every figure is compared with, the suite that measures both side by side,
 * and JMH benchmarks of the hot path.
 */
package dev.a6.bench;
