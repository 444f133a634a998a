package io.proxima.sdjwt.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.validation.FormatValidatorRegistry;
import io.proxima.oid4vp.validation.PresentationContext;
import io.proxima.oid4vp.validation.PresentationValidator;
import io.proxima.oid4vp.validation.ValidationOutcome;
import io.proxima.oid4vp.validation.ValidationReason;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.SdJwtVc;
import io.proxima.sdjwt.internal.CheckFailure;
import io.proxima.sdjwt.internal.SdJwtChecks;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies SD-JWT VC presentations ({@code dc+sd-jwt}, legacy {@code vc+sd-jwt}) for the flow's
 * validator SPI. For each presentation it checks, in order and stopping at the first failure
 * (each with its own {@link SdJwtReasons reason code}):
 *
 * <ol>
 *   <li>the issuer signature, with the key taken from the configured {@link IssuerTrust};
 *   <li>{@code typ}, {@code vct} against the query's {@code vct_values}, {@code exp}/{@code nbf}/{@code iat}
 *       within the clock skew;
 *   <li>every disclosure against the digests ({@code _sd} / array {@code ...}), {@code _sd_alg}
 *       sha-256, no duplicate digests, no disclosure that matches nothing;
 *   <li>the Key Binding JWT (unless the query sets {@code require_cryptographic_holder_binding}
 *       false and none is sent): signature with {@code cnf.jwk}, {@code aud} = client_id,
 *       {@code nonce} = request nonce, {@code iat} fresh, {@code sd_hash};
 *   <li>the disclosed claims against the query's {@code claims} / {@code claim_sets}.
 * </ol>
 *
 * Then the {@code status} claim, if any: reported {@code sd_jwt.status_not_checked} unless a
 * {@link StatusResolver} is configured. Register it for both format identifiers:
 *
 * <pre>{@code
 * Verifier verifier = Verifier.create(signer).transport(mqtt)
 *     .validator(SdJwtVcValidator.create(IssuerTrust.loadJwks(jwksFile)).registry());
 * }</pre>
 *
 * Immutable and thread-safe; verification is CPU work without I/O (except what a status resolver does).
 */
public final class SdJwtVcValidator implements PresentationValidator {

  /** Tolerance for exp, nbf, iat and the Key Binding JWT's iat. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(1);
  /** How old a Key Binding JWT may be: the wallet makes it when the user consents. */
  public static final Duration DEFAULT_KEY_BINDING_MAX_AGE = Duration.ofMinutes(5);
  /** How long a status resolver may take before the status counts as unavailable. */
  public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofSeconds(10);

  private final IssuerTrust trust;
  private final Clock clock;
  private final Duration clockSkew;
  private final Duration keyBindingMaxAge;
  private final @Nullable StatusResolver statusResolver;
  private final Duration statusTimeout;
  private final @Nullable Scheduler scheduler;

  private SdJwtVcValidator(
      IssuerTrust trust, Clock clock, Duration clockSkew, Duration keyBindingMaxAge, @Nullable StatusResolver statusResolver,
      Duration statusTimeout, @Nullable Scheduler scheduler) {
    this.trust = trust;
    this.clock = clock;
    this.clockSkew = clockSkew;
    this.keyBindingMaxAge = keyBindingMaxAge;
    this.statusResolver = statusResolver;
    this.statusTimeout = statusTimeout;
    this.scheduler = scheduler;
  }

  /** A validator trusting {@code trust}, with the system clock, default skew and key binding age, no status resolver. */
  public static SdJwtVcValidator create(IssuerTrust trust) {
    return new SdJwtVcValidator(Objects.requireNonNull(trust, "trust"), Clock.systemUTC(), DEFAULT_CLOCK_SKEW,
        DEFAULT_KEY_BINDING_MAX_AGE, null, DEFAULT_STATUS_TIMEOUT, null);
  }

  public SdJwtVcValidator trust(IssuerTrust newTrust) {
    return new SdJwtVcValidator(Objects.requireNonNull(newTrust, "trust"), clock, clockSkew, keyBindingMaxAge, statusResolver, statusTimeout, scheduler);
  }

  /** The clock for every time check (tests pass a fixed one). */
  public SdJwtVcValidator clock(Clock newClock) {
    return new SdJwtVcValidator(trust, Objects.requireNonNull(newClock, "clock"), clockSkew, keyBindingMaxAge, statusResolver, statusTimeout, scheduler);
  }

  /** Tolerance for exp, nbf, iat and the Key Binding JWT's iat (default one minute). */
  public SdJwtVcValidator clockSkew(Duration skew) {
    requireNotNegative(skew, "clockSkew");
    return new SdJwtVcValidator(trust, clock, skew, keyBindingMaxAge, statusResolver, statusTimeout, scheduler);
  }

  /** How old a Key Binding JWT's iat may be, besides the skew (default five minutes). */
  public SdJwtVcValidator keyBindingMaxAge(Duration maxAge) {
    requireNotNegative(maxAge, "keyBindingMaxAge");
    return new SdJwtVcValidator(trust, clock, clockSkew, maxAge, statusResolver, statusTimeout, scheduler);
  }

  /** Checks {@code status} claims with this resolver (default: none, offline). */
  public SdJwtVcValidator statusResolver(StatusResolver resolver) {
    return new SdJwtVcValidator(trust, clock, clockSkew, keyBindingMaxAge, Objects.requireNonNull(resolver, "resolver"), statusTimeout, scheduler);
  }

  /** How long the status resolver may take (default ten seconds). */
  public SdJwtVcValidator statusTimeout(Duration timeout) {
    requireNotNegative(timeout, "statusTimeout");
    return new SdJwtVcValidator(trust, clock, clockSkew, keyBindingMaxAge, statusResolver, timeout, scheduler);
  }

  /** The scheduler for the status timeout (default {@link Schedulers#parallel()}; tests pass a virtual-time one). */
  public SdJwtVcValidator scheduler(Scheduler newScheduler) {
    return new SdJwtVcValidator(trust, clock, clockSkew, keyBindingMaxAge, statusResolver, statusTimeout, Objects.requireNonNull(newScheduler, "scheduler"));
  }

  public IssuerTrust trust() {
    return trust;
  }

  /** {@code registry} plus this validator for {@code dc+sd-jwt} and {@code vc+sd-jwt}. */
  public FormatValidatorRegistry registerIn(FormatValidatorRegistry registry) {
    return registry.with(SdJwtVc.FORMAT, this).with(SdJwtVc.LEGACY_FORMAT, this);
  }

  /**
   * A registry with only this validator: what a verifier passes to {@code Verifier.validator}.
   * It adds the flow's structure check (every required credential answered, no unknown ids) and
   * reports other formats as having no validator.
   */
  public FormatValidatorRegistry registry() {
    return registerIn(FormatValidatorRegistry.empty());
  }

  /**
   * Verifies one presentation against a credential query.
   *
   * <p>Emits exactly one {@link SdJwtVerification}; a presentation that fails a check, or that
   * cannot be processed at all, is a negative verification, not an error. Never errors (a failing
   * status resolver yields {@code sd_jwt.status_unavailable}). Lazy: nothing happens until subscription.
   *
   * @param query the credential query it answers; null when the request had no DCQL query (then
   *     the verification fails with {@code sd_jwt.query_not_dcql})
   * @param clientId the request's client_id (the Key Binding JWT's expected aud)
   * @param nonce the request's nonce
   */
  public Mono<SdJwtVerification> verify(String presentation, @Nullable CredentialQuery query, String clientId, String nonce) {
    Objects.requireNonNull(presentation, "presentation");
    SdJwtChecks.Expectations expect = new SdJwtChecks.Expectations(query, clientId, nonce);
    return Mono.defer(() -> {
      SdJwtChecks.Passed passed;
      try {
        passed = SdJwtChecks.verify(presentation, expect, new SdJwtChecks.Settings(trust, clock, clockSkew, keyBindingMaxAge));
      } catch (CheckFailure f) {
        return Mono.just(failed(f.code(), f.detail()));
      } catch (RuntimeException e) {
        // Input no check anticipated: a negative verification, not a failed session.
        return Mono.just(failed(SdJwtReasons.MALFORMED, "the presentation could not be processed: " + e.getClass().getSimpleName()));
      }
      return status(passed).map(reason -> {
        List<ValidationReason> reasons = reason.map(List::of).orElse(List.of());
        boolean ok = reason.map(r -> SdJwtReasons.isInformational(r.code())).orElse(true);
        return new SdJwtVerification(ok, reasons, ok ? passed.claims() : null, passed.issuer(), passed.trustSource(), passed.vct());
      });
    });
  }

  /**
   * Emits the outcome for every presentation in the context (all are taken as SD-JWT VC): verified
   * only if there is at least one and each verifies. Reasons carry their credential query id.
   * Disclosed claims, only when verified, are per credential query id the claims object, or an
   * array of them when the query allows {@code multiple}. Never errors.
   */
  @Override
  public Mono<ValidationOutcome> validate(PresentationContext context) {
    return Mono.defer(() -> {
      DcqlQuery dcql = context.dcqlQuery();
      List<Mono<Item>> items = new ArrayList<>();
      context.vpToken().forEach((id, presentations) -> {
        CredentialQuery query = dcql == null ? null : dcql.credential(id).orElse(null);
        for (JsonNode p : presentations) {
          if (dcql != null && query == null) {
            items.add(Mono.just(new Item(id, null, failed(ValidationReason.UNKNOWN_QUERY_ID, "the query has no credential " + id))));
          } else if (!p.isTextual()) {
            items.add(Mono.just(new Item(id, query, failed(SdJwtReasons.MALFORMED, "an SD-JWT presentation is a string"))));
          } else {
            items.add(verify(p.asText(), query, context.clientId(), context.nonce()).map(v -> new Item(id, query, v)));
          }
        }
      });
      return Flux.concat(items).collectList().map(SdJwtVcValidator::combine);
    });
  }

  private record Item(String id, @Nullable CredentialQuery query, SdJwtVerification verification) {}

  private static SdJwtVerification failed(String code, String detail) {
    return new SdJwtVerification(false, List.of(ValidationReason.of(code, null, detail)), null, null, null, null);
  }

  private static ValidationOutcome combine(List<Item> items) {
    boolean verified = !items.isEmpty();
    List<ValidationReason> reasons = new ArrayList<>();
    Map<String, List<Item>> byId = new LinkedHashMap<>();
    Set<String> sources = new LinkedHashSet<>();
    for (Item item : items) {
      SdJwtVerification v = item.verification();
      verified &= v.verified();
      v.reasons().forEach(r -> reasons.add(ValidationReason.of(r.code(), item.id(), r.detail())));
      byId.computeIfAbsent(item.id(), k -> new ArrayList<>()).add(item);
      if (v.trustSource() != null) {
        sources.add(v.trustSource());
      }
    }
    if (!verified) {
      String first = reasons.stream().filter(r -> !SdJwtReasons.isInformational(r.code())).map(ValidationReason::code).findFirst().orElse("no presentation");
      return ValidationOutcome.unverified(reasons, "SD-JWT VC not verified: " + first);
    }
    Map<String, JsonNode> disclosed = new LinkedHashMap<>();
    byId.forEach((id, list) -> {
      CredentialQuery query = list.get(0).query();
      if (query != null && query.allowsMultiple()) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        list.forEach(i -> array.add(i.verification().claims()));
        disclosed.put(id, array);
      } else {
        disclosed.put(id, list.get(0).verification().claims());
      }
    });
    String note = "SD-JWT VC verified: " + items.size() + " presentation(s), issuer trusted via " + String.join(", ", sources);
    return ValidationOutcome.verified(disclosed, reasons, note);
  }

  private Mono<Optional<ValidationReason>> status(SdJwtChecks.Passed passed) {
    JsonNode status = passed.status();
    if (status == null) {
      return Mono.just(Optional.empty());
    }
    StatusResolver resolver = statusResolver;
    if (resolver == null) {
      return Mono.just(Optional.of(
          ValidationReason.of(SdJwtReasons.STATUS_NOT_CHECKED, null, "the credential has a status claim; no status resolver is configured (offline)")));
    }
    Scheduler timer = scheduler != null ? scheduler : Schedulers.parallel();
    String issuer = passed.issuer() == null ? "" : passed.issuer();
    return Mono.defer(() -> resolver.resolve(status.deepCopy(), passed.vct(), issuer))
        .timeout(statusTimeout, timer)
        .map(SdJwtVcValidator::statusReason)
        .defaultIfEmpty(ValidationReason.of(SdJwtReasons.STATUS_UNAVAILABLE, null, "the status resolver gave no answer"))
        .onErrorResume(e -> Mono.just(ValidationReason.of(SdJwtReasons.STATUS_UNAVAILABLE, null,
            "the status could not be resolved: " + e.getClass().getSimpleName())))
        .map(Optional::of);
  }

  private static ValidationReason statusReason(CredentialStatus s) {
    return switch (s.state()) {
      case VALID -> ValidationReason.of(SdJwtReasons.STATUS_VALID, null, "status valid: " + s.detail());
      case REVOKED, SUSPENDED -> ValidationReason.of(SdJwtReasons.STATUS_INVALID, null, "status " + s.state().name().toLowerCase(Locale.ROOT) + ": " + s.detail());
      case UNKNOWN -> ValidationReason.of(SdJwtReasons.STATUS_UNAVAILABLE, null, "status unknown: " + s.detail());
    };
  }

  private static void requireNotNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative");
    }
  }

  @Override
  public String toString() {
    return "SdJwtVcValidator[" + trust + ", skew " + clockSkew + ", status " + (statusResolver == null ? "not checked" : "resolved") + "]";
  }
}
