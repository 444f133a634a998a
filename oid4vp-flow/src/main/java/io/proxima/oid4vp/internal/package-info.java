/**
 * The implementation of the OID4VP flow: the verifier and wallet session state machines, state
 * tracking, resource release, the submission and rejection codecs, DID encodings (base58btc,
 * multicodec) and JSON helpers. Not API: may change without notice.
 */
@NullMarked
package io.proxima.oid4vp.internal;

import org.jspecify.annotations.NullMarked;
