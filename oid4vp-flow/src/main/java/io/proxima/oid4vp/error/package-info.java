/**
 * The typed errors of the OID4VP flow, all {@link io.proxima.error.ProximaException} subclasses
 * carrying the session id: a cancelled session, a request object that failed verification (with
 * the {@linkplain io.proxima.oid4vp.error.RequestVerificationException.Reason reason}), an
 * invalid rejection, a failed switch-over, no usable transport, an unresolvable DID. Together
 * with {@link io.proxima.error.SessionTimeoutException} they decide a session's terminal state:
 * timeouts end in EXPIRED, cancellation in CANCELLED, everything else in FAILED.
 */
@NullMarked
package io.proxima.oid4vp.error;

import org.jspecify.annotations.NullMarked;
