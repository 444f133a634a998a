package io.proxima.oid4vp.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class FormatValidatorRegistryTest {

  /** Pretends to verify SD-JWTs: discloses one claim per presentation. */
  static final PresentationValidator FAKE_SD_JWT = context -> {
    ObjectNode claims = JsonNodeFactory.instance.objectNode().put("given_name", "Erika");
    Map<String, JsonNode> disclosed = new java.util.LinkedHashMap<>();
    context.vpToken().keySet().forEach(id -> disclosed.put(id, claims));
    return Mono.just(ValidationOutcome.verified(disclosed, List.of(), "sd-jwt verified"));
  };

  static final PresentationValidator FAKE_MDOC_REJECTING = context ->
      Mono.just(ValidationOutcome.unverified(List.of(ValidationReason.of("mdoc.device_auth_invalid", "mdl", "bad device signature")), "mdoc refused"));

  @Test
  void everyFormatVerifiedAndStructureRightMeansVerified() {
    AtomicReference<PresentationContext> seen = new AtomicReference<>();
    PresentationValidator spying = context -> {
      seen.set(context);
      return FAKE_SD_JWT.validate(context);
    };
    PresentationValidator registry = FormatValidatorRegistry.empty().with("dc+sd-jwt", spying);
    PresentationContext context = StructuralValidatorTest.context(
        io.proxima.oid4vp.testing.Fixtures.pidDcql(), Map.of("pid", List.of(StructuralValidatorTest.SD_JWT)));

    ValidationOutcome outcome = registry.validate(context).block(Duration.ofSeconds(5));
    assertThat(outcome.verified()).isTrue();
    assertThat(outcome.disclosedClaims().get("pid").get("given_name").asText()).isEqualTo("Erika");
    assertThat(outcome.note()).isEqualTo("sd-jwt verified");
    assertThat(seen.get().vpToken()).containsOnlyKeys("pid");
    assertThat(seen.get().nonce()).isEqualTo("nonce");
  }

  @Test
  void eachFormatGetsOnlyItsPresentationsAndOneFailureMakesTheWholeUnverified() {
    AtomicReference<PresentationContext> sdJwtSaw = new AtomicReference<>();
    PresentationValidator registry = FormatValidatorRegistry.empty()
        .with("dc+sd-jwt", c -> {
          sdJwtSaw.set(c);
          return FAKE_SD_JWT.validate(c);
        })
        .with("mso_mdoc", FAKE_MDOC_REJECTING);
    ValidationOutcome outcome = registry.validate(StructuralValidatorTest.context(StructuralValidatorTest.PID_AND_MDL,
        Map.of("pid", List.of(StructuralValidatorTest.SD_JWT), "mdl", List.of(StructuralValidatorTest.MDOC)))).block(Duration.ofSeconds(5));

    assertThat(sdJwtSaw.get().vpToken()).containsOnlyKeys("pid");
    assertThat(outcome.verified()).isFalse();
    assertThat(outcome.hasReason("mdoc.device_auth_invalid")).isTrue();
    assertThat(outcome.disclosedClaims()).containsOnlyKeys("pid");
    assertThat(outcome.note()).contains("sd-jwt verified").contains("mdoc refused");
  }

  @Test
  void aFormatWithoutValidatorIsReportedAndUnverified() {
    PresentationValidator registry = FormatValidatorRegistry.empty().with("dc+sd-jwt", FAKE_SD_JWT);
    ValidationOutcome outcome = registry.validate(StructuralValidatorTest.context(StructuralValidatorTest.PID_AND_MDL,
        Map.of("pid", List.of(StructuralValidatorTest.SD_JWT), "mdl", List.of(StructuralValidatorTest.MDOC)))).block(Duration.ofSeconds(5));
    assertThat(outcome.verified()).isFalse();
    assertThat(outcome.reasons()).anyMatch(r -> r.code().equals(ValidationReason.NO_VALIDATOR) && "mdl".equals(r.queryId()));
  }

  @Test
  void aStructuralProblemMakesItUnverifiedEvenIfFormatsVerify() {
    PresentationValidator registry = FormatValidatorRegistry.empty().with("dc+sd-jwt", FAKE_SD_JWT);
    ValidationOutcome outcome = registry.validate(StructuralValidatorTest.context(StructuralValidatorTest.PID_AND_MDL,
        Map.of("pid", List.of(StructuralValidatorTest.SD_JWT)))).block(Duration.ofSeconds(5));
    assertThat(outcome.verified()).isFalse();
    assertThat(outcome.hasReason(ValidationReason.MISSING_CREDENTIAL)).isTrue();
  }

  @Test
  void aValidatorErrorOrEmptyResultIsAnError() {
    PresentationContext context = StructuralValidatorTest.context(io.proxima.oid4vp.testing.Fixtures.pidDcql(),
        Map.of("pid", List.of(StructuralValidatorTest.SD_JWT)));
    StepVerifier.create(FormatValidatorRegistry.empty().with("dc+sd-jwt", c -> Mono.error(new IllegalStateException("boom"))).validate(context))
        .expectErrorMessage("boom").verify(Duration.ofSeconds(5));
    StepVerifier.create(FormatValidatorRegistry.empty().with("dc+sd-jwt", c -> Mono.empty()).validate(context))
        .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("without an outcome")).verify(Duration.ofSeconds(5));
  }
}
