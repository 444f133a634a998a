/**
 * The verifier side: {@link io.proxima.sdjwt.verifier.SdJwtVcValidator} checks SD-JWT VC
 * presentations (issuer signature against {@link io.proxima.sdjwt.verifier.IssuerTrust}, type and
 * validity, disclosures, key binding, the DCQL query) and plugs into the flow's {@code
 * FormatValidatorRegistry} for {@code dc+sd-jwt} and {@code vc+sd-jwt}; a {@link
 * io.proxima.sdjwt.verifier.StatusResolver} optionally checks {@code status} claims (offline by
 * default: reported as not checked).
 */
@NullMarked
package io.proxima.sdjwt.verifier;

import org.jspecify.annotations.NullMarked;
