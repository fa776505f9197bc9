/**
 * The protocol's messages: reading received FlatBuffers in place with every offset checked
 * ({@code FlatReader}, {@code Messages}, {@code CallMessage}), and building replies ({@code
 * ReplyBuilder}). The sub-packages hold the classes {@code flatc} generates from APISIX's
 * ext-plugin-proto schema.
 *
 * <p>Knows the bytes, not what they mean to a call: it depends on nothing else in the runtime.
 */
@NullMarked
package dev.a6.internal.wire;

import org.jspecify.annotations.NullMarked;
