/**
 * Prepared confs: what a PrepareConf becomes ({@code PreparedChain}, one {@code PreparedFilter}
 * per plugin), the tokens APISIX caches them under ({@code TokenSource}, {@code TokenTable}), and
 * the bounded, expiring cache that holds them and closes their state ({@code ConfCache}).
 *
 * <p>Reads PrepareConf messages from {@code wire}; the call handling looks chains up here.
 */
@NullMarked
package dev.a6.internal.conf;

import org.jspecify.annotations.NullMarked;
