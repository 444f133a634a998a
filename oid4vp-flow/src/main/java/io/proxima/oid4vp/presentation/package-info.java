/**
 * The wallet's presenter SPI: what decides, for a verified request, whether to present and what.
 * A {@link io.proxima.oid4vp.presentation.PresentationProvider} receives the
 * {@link io.proxima.oid4vp.request.VerifiedRequest} (client_id, nonce, DCQL query or presentation
 * definition, verifier DID, version) and answers with a
 * {@link io.proxima.oid4vp.presentation.PresentationDecision}: a {@code vp_token} to present or a
 * rejection. {@link io.proxima.oid4vp.presentation.PresentationProviders} has a provider that
 * presents given opaque tokens and one that rejects.
 */
@NullMarked
package io.proxima.oid4vp.presentation;

import org.jspecify.annotations.NullMarked;
