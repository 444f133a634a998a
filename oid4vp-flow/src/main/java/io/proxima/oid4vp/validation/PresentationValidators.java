package io.proxima.oid4vp.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.CredentialSetQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/** The validators this module provides, and the structure check format validators can reuse. */
public final class PresentationValidators {

  private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+");
  private static final Pattern SD_JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+~.*", Pattern.DOTALL);
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

  private static final PresentationValidator STRUCTURAL =
      context -> Mono.fromCallable(() -> structuralOutcome(context));

  private PresentationValidators() {}

  /**
   * The default validator: checks the structure of the submission against the query ({@link
   * #checkStructure}) and reports {@code verified: false} explicitly, with the reason {@value
   * ValidationReason#NOT_VERIFIED}, because it verifies no signature, holder binding or status.
   */
  public static PresentationValidator structural() {
    return STRUCTURAL;
  }

  /**
   * The structural problems of a submission, empty when there are none:
   *
   * <ul>
   *   <li>with a DCQL query: every required credential query answered (all of them without
   *       {@code credential_sets}; else one option of each required set), no unknown ids, no
   *       empty lists, at most one presentation unless {@code multiple};
   *   <li>V1 without a DCQL query: every input descriptor of the presentation definition answered
   *       and no unknown ids;
   *   <li>each presentation plausible for its format: {@code dc+sd-jwt}/{@code vc+sd-jwt} a JWS
   *       followed by {@code ~}; {@code mso_mdoc} base64url; JWT formats a compact JWS; ldp
   *       formats a JSON object; other formats a non-empty value.
   * </ul>
   */
  public static List<ValidationReason> checkStructure(PresentationContext context) {
    List<ValidationReason> problems = new ArrayList<>();
    Map<String, List<JsonNode>> token = context.vpToken();
    if (token.values().stream().allMatch(List::isEmpty)) {
      problems.add(ValidationReason.of(ValidationReason.NO_PRESENTATIONS, null, "the vp_token holds no presentation"));
    }
    DcqlQuery query = context.dcqlQuery();
    JsonNode definition = context.presentationDefinition();
    Set<String> known;
    if (query != null) {
      known = Set.copyOf(query.credentials().stream().map(CredentialQuery::id).toList());
      checkDcqlRequirements(query, token, problems);
    } else if (definition != null) {
      List<String> ids = PresentationDefinitions.descriptorIds(definition);
      known = Set.copyOf(ids);
      for (String id : ids) {
        if (token.getOrDefault(id, List.of()).isEmpty()) {
          problems.add(ValidationReason.of(ValidationReason.MISSING_CREDENTIAL, id, "input descriptor " + id + " is not answered"));
        }
      }
    } else {
      known = token.keySet();
    }
    token.forEach(
        (id, presentations) -> {
          if (!known.contains(id)) {
            problems.add(ValidationReason.of(ValidationReason.UNKNOWN_QUERY_ID, id, "the query has no id " + id));
            return;
          }
          if (presentations.isEmpty()) {
            problems.add(ValidationReason.of(ValidationReason.EMPTY_PRESENTATIONS, id, "empty list of presentations"));
          }
          if (query != null && presentations.size() > 1) {
            boolean multiple = query.credential(id).map(CredentialQuery::allowsMultiple).orElse(false);
            if (!multiple) {
              problems.add(ValidationReason.of(
                  ValidationReason.TOO_MANY_PRESENTATIONS, id, presentations.size() + " presentations for a query without multiple"));
            }
          }
          String format = context.format(id).orElse("");
          for (int i = 0; i < presentations.size(); i++) {
            String problem = implausibility(format, presentations.get(i));
            if (problem != null) {
              problems.add(ValidationReason.of(ValidationReason.IMPLAUSIBLE_FORMAT, id, "presentation " + i + ": " + problem));
            }
          }
        });
    return problems;
  }

  private static ValidationOutcome structuralOutcome(PresentationContext context) {
    List<ValidationReason> reasons = new ArrayList<>(checkStructure(context));
    boolean structureOk = reasons.isEmpty();
    reasons.add(ValidationReason.of(
        ValidationReason.NOT_VERIFIED, null, "structure checked only; no presentation was cryptographically verified"));
    return ValidationOutcome.unverified(
        reasons, structureOk ? "structure matches the query; not verified" : "structure does not match the query; not verified");
  }

  private static void checkDcqlRequirements(DcqlQuery query, Map<String, List<JsonNode>> token, List<ValidationReason> problems) {
    if (query.credentialSets() == null) {
      for (CredentialQuery cq : query.credentials()) {
        if (token.getOrDefault(cq.id(), List.of()).isEmpty()) {
          problems.add(ValidationReason.of(ValidationReason.MISSING_CREDENTIAL, cq.id(), "credential query " + cq.id() + " is not answered"));
        }
      }
      return;
    }
    List<CredentialSetQuery> sets = query.credentialSets();
    for (int i = 0; i < sets.size(); i++) {
      CredentialSetQuery set = sets.get(i);
      if (!set.isRequired()) {
        continue;
      }
      boolean satisfied =
          set.options().stream().anyMatch(option -> option.stream().allMatch(id -> !token.getOrDefault(id, List.of()).isEmpty()));
      if (!satisfied) {
        problems.add(ValidationReason.of(
            ValidationReason.CREDENTIAL_SET_UNSATISFIED, null, "no option of required credential set " + i + " is fully answered"));
      }
    }
  }

  private static @org.jspecify.annotations.Nullable String implausibility(String format, JsonNode presentation) {
    switch (format) {
      case CredentialQuery.FORMAT_SD_JWT, CredentialQuery.FORMAT_SD_JWT_LEGACY -> {
        if (!presentation.isTextual() || !SD_JWT.matcher(presentation.asText()).matches()) {
          return "not an SD-JWT (issuer JWS followed by '~')";
        }
      }
      case CredentialQuery.FORMAT_MDOC -> {
        if (!presentation.isTextual() || !BASE64URL.matcher(presentation.asText()).matches()) {
          return "not a base64url-encoded mdoc DeviceResponse";
        }
      }
      case CredentialQuery.FORMAT_JWT_VC_JSON, "jwt_vp_json", "jwt_vp", "jwt_vc" -> {
        if (!presentation.isTextual() || !COMPACT_JWS.matcher(presentation.asText()).matches()) {
          return "not a compact JWS";
        }
      }
      case CredentialQuery.FORMAT_LDP_VC, "ldp_vp", "ldp" -> {
        if (!presentation.isObject()) {
          return "not a JSON object";
        }
      }
      default -> {
        if (presentation.isNull() || (presentation.isTextual() && presentation.asText().isEmpty())) {
          return "empty";
        }
      }
    }
    return null;
  }
}
