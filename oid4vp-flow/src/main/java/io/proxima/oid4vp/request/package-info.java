/**
 * The signed request object of PROTOCOL.md §3: {@link io.proxima.oid4vp.request.RequestSigner}
 * signs it as the verifier's DID (did:key for P-256 or Ed25519, or did:jwk),
 * {@link io.proxima.oid4vp.request.RequestVerifier} checks it on the wallet (signature against the
 * DID resolved offline by {@link io.proxima.oid4vp.request.DidKeys}, {@code typ}, {@code kid},
 * {@code iss} against {@code client_id}, {@code exp}, no foreign header keys) and yields a
 * {@link io.proxima.oid4vp.request.VerifiedRequest}. JOSE is nimbus-jose-jwt.
 */
@NullMarked
package io.proxima.oid4vp.request;

import org.jspecify.annotations.NullMarked;
