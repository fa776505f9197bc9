/**
 * The runner's implementation: transport, framing, conf cache, call handling. Not an API; it
 * changes without notice.
 */
@NullMarked
package dev.a6.internal;

import org.jspecify.annotations.NullMarked;
