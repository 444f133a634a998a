package io.proxima.sdjwt.internal;

import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.sdjwt.internal.ClaimTree.Obj;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims part of a credential query (OpenID4VP 1.0 §6.4.1) against a credential's claims:
 * without {@code claims} nothing selectively disclosable is requested; with {@code claims} and no
 * {@code claim_sets} every claim is; with {@code claim_sets} the first set whose claims all
 * match. The same rules serve the wallet (what to disclose) and the verifier (is the query
 * satisfied by what was disclosed).
 */
public final class DcqlClaims {

  /**
   * The claims chosen for a credential and the disclosures they take.
   *
   * @param claims the claims queries chosen (empty when the query has no claims)
   * @param disclosures the minimal disclosures that reveal them
   */
  public record Selection(List<ClaimsQuery> claims, Set<ParsedDisclosure> disclosures) {}

  private DcqlClaims() {}

  /** The selection for a credential, or empty when the query's claims cannot be satisfied. */
  public static Optional<Selection> select(CredentialQuery query, Obj root) {
    List<ClaimsQuery> claims = query.claims();
    if (claims == null) {
      return Optional.of(new Selection(List.of(), Set.of()));
    }
    Map<ClaimsQuery, List<ClaimSelection.Hit>> matched = new LinkedHashMap<>();
    for (ClaimsQuery c : claims) {
      List<ClaimSelection.Hit> hits = ClaimSelection.select(root, c);
      if (!hits.isEmpty()) {
        matched.put(c, hits);
      }
    }
    List<List<String>> sets = query.claimSets();
    List<ClaimsQuery> chosen = null;
    if (sets == null) {
      if (matched.size() == claims.size()) {
        chosen = claims;
      }
    } else {
      for (List<String> set : sets) {
        List<ClaimsQuery> option = new ArrayList<>();
        for (String id : set) {
          claims.stream().filter(c -> id.equals(c.id())).findFirst().ifPresent(option::add);
        }
        if (matched.keySet().containsAll(option)) {
          chosen = option;
          break;
        }
      }
    }
    if (chosen == null) {
      return Optional.empty();
    }
    Set<ParsedDisclosure> disclosures = new LinkedHashSet<>();
    for (ClaimsQuery c : chosen) {
      disclosures.addAll(ClaimSelection.disclosuresFor(matched.get(c)));
    }
    return Optional.of(new Selection(List.copyOf(chosen), disclosures));
  }

  /** The paths of a query's claims that select nothing, for a reason detail (paths, never values). */
  public static List<String> unmatchedPaths(CredentialQuery query, Obj root) {
    List<String> out = new ArrayList<>();
    if (query.claims() != null) {
      for (ClaimsQuery c : query.claims()) {
        if (ClaimSelection.select(root, c).isEmpty()) {
          out.add(c.path().toString() + (c.values() != null ? " (with values)" : ""));
        }
      }
    }
    return out;
  }
}
