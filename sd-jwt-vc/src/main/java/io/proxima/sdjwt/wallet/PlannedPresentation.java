package io.proxima.sdjwt.wallet;

import io.proxima.sdjwt.internal.ParsedDisclosure;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One presentation a wallet will make: which held credential answers which credential query, and
 * which claims it reveals (what a wallet asks its user to consent to).
 */
public final class PlannedPresentation {

  private final String queryId;
  private final HeldCredential credential;
  private final Set<ParsedDisclosure> disclosures;
  private final List<String> disclosedClaims;

  PlannedPresentation(String queryId, HeldCredential credential, Set<ParsedDisclosure> disclosures, List<String> disclosedClaims) {
    this.queryId = Objects.requireNonNull(queryId);
    this.credential = Objects.requireNonNull(credential);
    this.disclosures = Set.copyOf(disclosures);
    this.disclosedClaims = List.copyOf(disclosedClaims);
  }

  /** The credential query id (the key in the vp_token). */
  public String queryId() {
    return queryId;
  }

  public HeldCredential credential() {
    return credential;
  }

  /**
   * The selectively disclosable claims revealed, as paths ({@code given_name}, {@code address},
   * {@code address.locality}, {@code nationalities[0]}), in the credential's document order (a parent
   * before its contents). Claims that are
   * always visible (iss, vct, exp, cnf, ...) are not listed.
   */
  public List<String> disclosedClaims() {
    return disclosedClaims;
  }

  /** The number of disclosures presented. */
  public int disclosureCount() {
    return disclosures.size();
  }

  Set<ParsedDisclosure> disclosures() {
    return disclosures;
  }

  @Override
  public String toString() {
    return "PlannedPresentation[" + queryId + ", " + credential.vct() + ", " + disclosedClaims + "]";
  }
}
