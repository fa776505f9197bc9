/**
 * One APISIX connection and the calls on it: the per-connection state machine ({@code
 * Connection} and the classes it routes to), ExtraInfo fetching, running a chain's filters on the
 * event loop or the blocking pool, and the views the filters see of the request, the response
 * they build and the upstream's answer.
 *
 * <p>The last stage of a request: it receives whole frames from {@code transport}, finds chains
 * in {@code conf}, reads and writes messages through {@code wire}.
 */
@NullMarked
package dev.a6.internal.call;

import org.jspecify.annotations.NullMarked;
