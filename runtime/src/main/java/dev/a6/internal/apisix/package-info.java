/**
 * APISIX's side of the protocol, for a6's own tests, tools and {@code FilterTester}: encoding
 * what APISIX sends and decoding what it receives ({@code ApisixCodec}), and driving the runtime's
 * real call handling on an embedded channel, without a socket ({@code CallDriver}).
 *
 * <p>Not an API: the runtime's module does not export it, and it changes without notice.
 */
@NullMarked
package dev.a6.internal.apisix;

import org.jspecify.annotations.NullMarked;
