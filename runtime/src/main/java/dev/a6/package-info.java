/**
 * What a filter sees: the request ({@link dev.a6.HttpRequest}), the client response ({@link
 * dev.a6.HttpResponse}), the upstream response ({@link dev.a6.UpstreamResponse}), and the runner
 * services around them.
 */
@NullMarked
package dev.a6;

import org.jspecify.annotations.NullMarked;
