/**
 * Bytes in and out of the Unix socket: the socket file and its takeover rules, the Netty server
 * and its drain at stop, the watch on APISIX's process, and the frame decoder that cuts the
 * stream into the protocol's frames ({@code type, 3-byte length, payload}).
 *
 * <p>The second stage a request passes: a frame leaves this package whole, and is handed to the
 * call handling of {@code dev.a6.internal.call}.
 */
@NullMarked
package dev.a6.internal.transport;

import org.jspecify.annotations.NullMarked;
