/**
 * The contract between the runtime and the code the a6 annotation processor generates. Plugin
 * authors do not use it directly; tests may implement {@link dev.a6.spi.FilterBinding} by hand.
 */
@NullMarked
package dev.a6.spi;

import org.jspecify.annotations.NullMarked;
