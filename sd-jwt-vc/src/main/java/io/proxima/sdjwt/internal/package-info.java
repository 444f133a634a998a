/**
 * Implementation shared by the verifier, wallet and issuer sides, not API: SD-JWT parsing
 * ({@code ParsedSdJwt}, {@code ParsedDisclosure} over authlete's sd-jwt), the strict processing of
 * disclosures into a claim tree that remembers which disclosure revealed what ({@code ClaimTree}),
 * claims path pointers and DCQL claim matching ({@code ClaimSelection}, {@code DcqlClaims}), issuer
 * key trust ({@code IssuerKeys}), the one signature path ({@code Signatures}), Key Binding JWTs and
 * the ordered verification ({@code SdJwtChecks}).
 */
@NullMarked
package io.proxima.sdjwt.internal;

import org.jspecify.annotations.NullMarked;
