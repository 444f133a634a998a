/**
 * The OID4VP proximity flow, independent of the transport: {@link io.proxima.oid4vp.Verifier}
 * creates {@link io.proxima.oid4vp.VerifierSession}s (engagement, race of the offered transports,
 * signed request, validation of the submission) and {@link io.proxima.oid4vp.Wallet} creates
 * {@link io.proxima.oid4vp.WalletSession}s (transport choice, Identify, request verification,
 * presentation or rejection). Each session is a state machine observable as a {@code Flux} of
 * {@link io.proxima.oid4vp.StateChange}s and ends in one outcome ({@link
 * io.proxima.oid4vp.VerifierOutcome}, {@link io.proxima.oid4vp.WalletOutcome}). Every wait has a
 * timeout ({@link io.proxima.oid4vp.VerifierTimeouts}, {@link io.proxima.oid4vp.WalletTimeouts}),
 * transports are chosen from a {@link io.proxima.oid4vp.TransportsConfig} in the peer's format,
 * and a session whose transport dies can switch over to another offered one (README).
 */
@NullMarked
package io.proxima.oid4vp;

import org.jspecify.annotations.NullMarked;
