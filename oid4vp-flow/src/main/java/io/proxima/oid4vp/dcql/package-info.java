/**
 * The Digital Credentials Query Language (DCQL, OpenID4VP 1.0 §6) as immutable Jackson records:
 * a {@link io.proxima.oid4vp.dcql.DcqlQuery} of {@link io.proxima.oid4vp.dcql.CredentialQuery
 * credential queries} (id, format, meta, claims with paths and values, claim sets) and optional
 * {@link io.proxima.oid4vp.dcql.CredentialSetQuery credential sets}. Queries are validated when
 * built or parsed, so a query that exists is well formed. {@link
 * io.proxima.oid4vp.dcql.PresentationDefinitions} derives the legacy (V1) presentation definition
 * from a DCQL query.
 */
@NullMarked
package io.proxima.oid4vp.dcql;

import org.jspecify.annotations.NullMarked;
