/**
 * Primitives behind the session crypto: HKDF-SHA256 and AES-GCM on the JDK provider, X25519 on
 * Bouncy Castle's low-level implementation, and the process-wide random source. Not API.
 */
@NullMarked
package io.proxima.crypto.internal;

import org.jspecify.annotations.NullMarked;
