/**
 * The typed errors of Proxima. Every error is a {@link io.proxima.error.ProximaException}; its
 * subclass says what went wrong (malformed input, a crypto failure, a timeout, a transport
 * failure, a protocol violation), so callers can recover selectively, for example with
 * {@code onErrorResume(SessionTimeoutException.class, ...)}. Each error carries the session id
 * where there is one, and never key material, nonces or plaintext.
 */
@NullMarked
package io.proxima.error;

import org.jspecify.annotations.NullMarked;
