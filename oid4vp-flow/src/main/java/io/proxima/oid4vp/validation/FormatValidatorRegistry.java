package io.proxima.oid4vp.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link PresentationValidator} that dispatches by credential format. It runs the structure
 * check ({@link PresentationValidators#checkStructure}), groups the answered ids by format, hands
 * each group to the validator registered for that format (with a {@linkplain
 * PresentationContext#restrictTo restricted} context), and combines: {@code verified} is true only
 * if the structure is right, every group has a validator and every validator verified; reasons,
 * and the disclosed claims of the groups that verified, are merged and notes joined. A format
 * without a validator is reported with {@value ValidationReason#NO_VALIDATOR}.
 *
 * <pre>{@code
 * PresentationValidator validator = FormatValidatorRegistry.empty()
 *     .with("dc+sd-jwt", sdJwtValidator)
 *     .with("mso_mdoc", mdocValidator);
 * }</pre>
 *
 * Immutable: {@link #with} returns a new registry.
 */
public final class FormatValidatorRegistry implements PresentationValidator {

  private static final FormatValidatorRegistry EMPTY = new FormatValidatorRegistry(Map.of());

  private final Map<String, PresentationValidator> validators;

  private FormatValidatorRegistry(Map<String, PresentationValidator> validators) {
    this.validators = validators;
  }

  /** A registry with no format validator: every format is reported unverified. */
  public static FormatValidatorRegistry empty() {
    return EMPTY;
  }

  /** This registry plus a validator for {@code format}, replacing any earlier one. */
  public FormatValidatorRegistry with(String format, PresentationValidator validator) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(validator, "validator");
    Map<String, PresentationValidator> copy = new LinkedHashMap<>(validators);
    copy.put(format, validator);
    return new FormatValidatorRegistry(Collections.unmodifiableMap(copy));
  }

  /** The formats with a validator. */
  public Set<String> formats() {
    return validators.keySet();
  }

  /**
   * Emits the combined outcome. Errors if a format validator errors or completes empty (the
   * session then fails with {@link io.proxima.oid4vp.error.PresentationValidationException}).
   */
  @Override
  public Mono<ValidationOutcome> validate(PresentationContext context) {
    return Mono.defer(
        () -> {
          List<ValidationReason> structure = PresentationValidators.checkStructure(context);
          Map<String, List<String>> byFormat = new LinkedHashMap<>();
          context.vpToken().forEach((id, p) -> {
            if (!p.isEmpty()) {
              byFormat.computeIfAbsent(context.format(id).orElse("unknown"), f -> new ArrayList<>()).add(id);
            }
          });
          List<ValidationReason> missing = new ArrayList<>();
          List<Mono<ValidationOutcome>> calls = new ArrayList<>();
          byFormat.forEach((format, ids) -> {
            PresentationValidator v = validators.get(format);
            if (v == null) {
              for (String id : ids) {
                missing.add(ValidationReason.of(ValidationReason.NO_VALIDATOR, id, "no validator for format " + format));
              }
            } else {
              calls.add(
                  Mono.defer(() -> v.validate(context.restrictTo(ids)))
                      .switchIfEmpty(Mono.error(() -> new IllegalStateException("the " + format + " validator completed without an outcome"))));
            }
          });
          return Flux.concat(calls)
              .collectList()
              .map(outcomes -> combine(structure, missing, outcomes, !byFormat.isEmpty()));
        });
  }

  private static ValidationOutcome combine(
      List<ValidationReason> structure, List<ValidationReason> missing, List<ValidationOutcome> outcomes, boolean anyPresentation) {
    List<ValidationReason> reasons = new ArrayList<>(structure);
    reasons.addAll(missing);
    Map<String, JsonNode> disclosed = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    boolean verified = structure.isEmpty() && missing.isEmpty() && anyPresentation;
    for (ValidationOutcome o : outcomes) {
      verified &= o.verified();
      reasons.addAll(o.reasons());
      if (o.verified()) {
        disclosed.putAll(o.disclosedClaims());
      }
      if (!o.note().isEmpty()) {
        notes.add(o.note());
      }
    }
    if (!structure.isEmpty()) {
      notes.add(0, "structure does not match the query");
    }
    if (!missing.isEmpty()) {
      notes.add("some formats have no validator");
    }
    String note = notes.isEmpty() ? (verified ? "verified" : "not verified") : String.join("; ", notes);
    return new ValidationOutcome(verified, reasons, disclosed, note);
  }
}
