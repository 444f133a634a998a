package io.proxima.sdjwt.wallet;

import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.CredentialSetQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.presentation.PresentationProvider;
import io.proxima.oid4vp.request.VerifiedRequest;
import io.proxima.sdjwt.SdJwtVc;
import io.proxima.sdjwt.internal.ClaimTree;
import io.proxima.sdjwt.internal.DcqlClaims;
import io.proxima.sdjwt.internal.DefinitionQueries;
import io.proxima.sdjwt.internal.SdJwtChecks;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * A wallet's presentation provider for SD-JWT VCs: matches the request's DCQL query against the
 * held credentials, discloses only what is asked, and binds each presentation to the request with
 * a Key Binding JWT ({@code aud} = client_id, {@code nonce}, {@code iat}, {@code sd_hash}).
 *
 * <p>Matching (OpenID4VP 1.0 §6.4): a credential answers a credential query when the format is
 * {@code dc+sd-jwt} or {@code vc+sd-jwt}, its {@code vct} is among {@code meta.vct_values} (if
 * given), and its claims satisfy {@code claims} (every claim) or {@code claim_sets} (the first
 * set it can satisfy); {@code values} restrict a claim (and, under a {@code null} path
 * component, which array elements are revealed). Without {@code credential_sets} every credential
 * query must be answered; with them every required set by its first satisfiable option (optional
 * sets only when {@link #presentOptionalSets(boolean) enabled}). The first matching credential, in
 * the order given, answers a query; one presentation per query even if {@code multiple} allows
 * more. If the query cannot be answered the provider rejects, with a reason naming the credential
 * query and what was missing (paths, never values).
 *
 * <p>Minimal disclosure: for each claim, the disclosures of the claim and its contents, of its
 * parents (recursive disclosures), and, for an array index, of the elements before it (so the
 * index is the same for the verifier). Nothing else.
 *
 * <p>V1 requests (a presentation definition) are read as DCQL for the simple subset the flow
 * derives from DCQL; other definitions are rejected with a reason. Immutable and thread-safe;
 * presenting is CPU work (signing) without I/O.
 */
public final class SdJwtPresenter implements PresentationProvider {

  private final List<HeldCredential> credentials;
  private final Clock clock;
  private final boolean optionalSets;

  private SdJwtPresenter(List<HeldCredential> credentials, Clock clock, boolean optionalSets) {
    this.credentials = credentials;
    this.clock = clock;
    this.optionalSets = optionalSets;
  }

  /** A presenter for these credentials (in order of preference), with the system clock. */
  public static SdJwtPresenter of(List<HeldCredential> credentials) {
    return new SdJwtPresenter(List.copyOf(credentials), Clock.systemUTC(), false);
  }

  public static SdJwtPresenter of(HeldCredential... credentials) {
    return of(List.of(credentials));
  }

  /** The clock for the Key Binding JWT's {@code iat}. */
  public SdJwtPresenter clock(Clock newClock) {
    return new SdJwtPresenter(credentials, Objects.requireNonNull(newClock, "clock"), optionalSets);
  }

  /** Whether optional credential sets are answered when possible (default false: minimal disclosure). */
  public SdJwtPresenter presentOptionalSets(boolean enabled) {
    return new SdJwtPresenter(credentials, clock, enabled);
  }

  public List<HeldCredential> credentials() {
    return credentials;
  }

  /**
   * Emits a {@link PresentationDecision.Present} with one SD-JWT+KB per answered credential query,
   * or a {@link PresentationDecision.Reject} saying why the request cannot be answered. Never
   * errors for a request it cannot answer; lazy.
   */
  @Override
  public Mono<PresentationDecision> present(VerifiedRequest request) {
    return Mono.fromCallable(() -> {
      DcqlQuery query;
      if (request.dcqlQuery() != null) {
        query = request.dcqlQuery();
      } else {
        try {
          query = DefinitionQueries.toDcql(Objects.requireNonNull(request.presentationDefinition()));
        } catch (IllegalArgumentException e) {
          return PresentationDecision.reject("the presentation definition cannot be answered: " + e.getMessage());
        }
      }
      PresentationPlan plan = plan(query);
      if (!plan.satisfied()) {
        return PresentationDecision.reject(Objects.requireNonNull(plan.unsatisfied()));
      }
      return PresentationDecision.presentStrings(presentations(plan, request.clientId(), request.nonce()));
    });
  }

  /**
   * The SD-JWT+KB presentations of a plan, bound to a verifier and a request.
   *
   * @param audience the request's client_id
   * @param nonce the request's nonce
   * @throws IllegalArgumentException if the plan is unsatisfied
   */
  public Map<String, List<String>> presentations(PresentationPlan plan, String audience, String nonce) {
    if (!plan.satisfied()) {
      throw new IllegalArgumentException("the plan is unsatisfied: " + plan.unsatisfied());
    }
    Instant now = clock.instant();
    Map<String, List<String>> out = new LinkedHashMap<>();
    plan.presentations().forEach((id, list) -> {
      List<String> strings = new ArrayList<>();
      for (PlannedPresentation p : list) {
        strings.add(p.credential().present(p.disclosures(), audience, nonce, now));
      }
      out.put(id, strings);
    });
    return out;
  }

  /** How this wallet would answer a DCQL query. Pure computation. */
  public PresentationPlan plan(DcqlQuery query) {
    Map<String, PlannedPresentation> matches = new LinkedHashMap<>();
    Map<String, String> misses = new LinkedHashMap<>();
    for (CredentialQuery cq : query.credentials()) {
      Optional<PlannedPresentation> match = match(cq);
      if (match.isPresent()) {
        matches.put(cq.id(), match.get());
      } else {
        misses.put(cq.id(), diagnose(cq));
      }
    }
    Set<String> answer = new LinkedHashSet<>();
    List<CredentialSetQuery> sets = query.credentialSets();
    if (sets == null) {
      if (!misses.isEmpty()) {
        return PresentationPlan.unsatisfied(describe(misses));
      }
      answer.addAll(matches.keySet());
    } else {
      for (int i = 0; i < sets.size(); i++) {
        CredentialSetQuery set = sets.get(i);
        if (!set.isRequired() && !optionalSets) {
          continue;
        }
        Optional<List<String>> option = set.options().stream().filter(matches.keySet()::containsAll).findFirst();
        if (option.isPresent()) {
          answer.addAll(option.get());
        } else if (set.isRequired()) {
          Map<String, String> relevant = new LinkedHashMap<>();
          set.options().forEach(o -> o.forEach(id -> {
            if (misses.containsKey(id)) {
              relevant.put(id, misses.get(id));
            }
          }));
          return PresentationPlan.unsatisfied("no option of required credential set " + i + " can be answered: " + describe(relevant));
        }
      }
    }
    Map<String, List<PlannedPresentation>> out = new LinkedHashMap<>();
    for (String id : answer) {
      out.put(id, List.of(matches.get(id)));
    }
    if (out.isEmpty()) {
      return PresentationPlan.unsatisfied("nothing to present: only optional credential sets were asked for");
    }
    return PresentationPlan.of(out);
  }

  private Optional<PlannedPresentation> match(CredentialQuery cq) {
    if (!SdJwtVc.FORMATS.contains(cq.format())) {
      return Optional.empty();
    }
    List<String> vctValues = SdJwtChecks.vctValues(cq);
    for (HeldCredential c : credentials) {
      if (vctValues != null && !vctValues.contains(c.vct())) {
        continue;
      }
      Optional<DcqlClaims.Selection> selection = DcqlClaims.select(cq, c.tree());
      if (selection.isPresent()) {
        return Optional.of(new PlannedPresentation(cq.id(), c, selection.get().disclosures(),
            ClaimTree.describe(c.tree(), selection.get().disclosures())));
      }
    }
    return Optional.empty();
  }

  /** Why no credential answers a query: format, type, or the claim paths missing (never values). */
  private String diagnose(CredentialQuery cq) {
    if (!SdJwtVc.FORMATS.contains(cq.format())) {
      return "format " + cq.format() + " is not held (this wallet holds SD-JWT VCs)";
    }
    List<String> vctValues = SdJwtChecks.vctValues(cq);
    List<HeldCredential> typed = credentials.stream().filter(c -> vctValues == null || vctValues.contains(c.vct())).toList();
    if (typed.isEmpty()) {
      return "no credential of type " + (vctValues == null ? "any" : String.join(" or ", vctValues));
    }
    List<String> missing = DcqlClaims.unmatchedPaths(cq, typed.get(0).tree());
    String what = missing.isEmpty() ? "no claim set can be satisfied" : "missing or not matching " + String.join(", ", missing);
    return "the " + typed.get(0).vct() + " credential does not have the requested claims: " + what;
  }

  private static String describe(Map<String, String> misses) {
    List<String> parts = new ArrayList<>();
    misses.forEach((id, why) -> parts.add("credential query " + id + ": " + why));
    return String.join("; ", parts);
  }

  @Override
  public String toString() {
    return "SdJwtPresenter[" + credentials.size() + " credentials]";
  }

  /** The held credential types, for logs. */
  public List<String> types() {
    return credentials.stream().map(HeldCredential::vct).toList();
  }
}
