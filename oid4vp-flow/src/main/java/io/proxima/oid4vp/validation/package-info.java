/**
 * The verifier's validator SPI: how a session hands the received {@code vp_token} to whatever
 * checks presentations, without the flow knowing any credential format. A
 * {@link io.proxima.oid4vp.validation.PresentationValidator} gets a
 * {@link io.proxima.oid4vp.validation.PresentationContext} (the query, the presentations by
 * credential query id, client_id, nonce, transport, session) and answers with a
 * {@link io.proxima.oid4vp.validation.ValidationOutcome}. {@link
 * io.proxima.oid4vp.validation.PresentationValidators#structural()} is the default: it checks the
 * structure against the DCQL query and reports {@code verified: false}. {@link
 * io.proxima.oid4vp.validation.FormatValidatorRegistry} dispatches to one validator per format
 * (SD-JWT VC, mdoc, ...) and combines their outcomes.
 */
@NullMarked
package io.proxima.oid4vp.validation;

import org.jspecify.annotations.NullMarked;
