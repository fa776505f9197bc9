/**
 * The a6 annotation processor: reads {@code @Filter} methods and their conf records, and writes
 * the dispatch code, conf parsers, registry and {@code main} of a runner. A pipeline of small
 * steps: scan ({@link dev.a6.processor.FilterScanner}, {@link dev.a6.processor.ConfScanner}) into
 * immutable models, validate across filters ({@link dev.a6.processor.FilterValidator}), write
 * with JavaPoet.
 */
package dev.a6.processor;
