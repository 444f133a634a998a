/**
 * SD-JWT VC credentials for Proxima (IETF SD-JWT VC on RFC 9901 SD-JWT, presented with OpenID4VP
 * 1.0): format identifiers ({@link io.proxima.sdjwt.SdJwtVc}), the reason codes of verification
 * ({@link io.proxima.sdjwt.SdJwtReasons}) and the error for bad credential, key and trust files.
 * The format plugs into the flow without the flow knowing it: the verifier side in {@code
 * verifier} (a validator for the flow's registry), the wallet side in {@code wallet} (a
 * presentation provider), test issuance in {@code issuer}; the shared machinery (parsing,
 * disclosure processing, signatures, DCQL claim matching) in {@code internal}. An mdoc module
 * would sit beside this one and register for {@code mso_mdoc} the same way.
 */
@NullMarked
package io.proxima.sdjwt;

import org.jspecify.annotations.NullMarked;
