/**
 * Test issuance: {@link io.proxima.sdjwt.issuer.SdJwtVcIssuer} mints SD-JWT VCs with every claim
 * selectively disclosable (recursively), signed by a generated, given, DID or certificate-backed
 * key; {@link io.proxima.sdjwt.issuer.TestCredentials} has a PID-like credential; {@link
 * io.proxima.sdjwt.issuer.CredentialFiles} writes and reads the credential, holder key and issuer
 * JWKS files the command line passes around. Not a production issuer.
 */
@NullMarked
package io.proxima.sdjwt.issuer;

import org.jspecify.annotations.NullMarked;
