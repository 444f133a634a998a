/**
 * Session cryptography of PROTOCOL.md §2 ("draft00"): ephemeral X25519 key pairs
 * ({@link io.proxima.crypto.X25519KeyPair}, Bouncy Castle) and the
 * {@link io.proxima.crypto.Draft00Session}, which derives SKWallet and SKVerifier with
 * HKDF-SHA256 and seals and opens the one message per direction with AES-256-GCM (both from the
 * JDK). A session refuses a second encryption in the same direction instead of reusing the IV,
 * and wipes its key material on close.
 */
@NullMarked
package io.proxima.crypto;

import org.jspecify.annotations.NullMarked;
