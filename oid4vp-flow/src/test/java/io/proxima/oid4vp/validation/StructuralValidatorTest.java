package io.proxima.oid4vp.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.engagement.TransportType;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.CredentialSetQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.oid4vp.testing.Fixtures;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuralValidatorTest {

  static final JsonNode SD_JWT = TextNode.valueOf(Fixtures.SD_JWT);
  static final JsonNode MDOC = TextNode.valueOf("o2d2ZXJzaW9uYzEuMGlkb2N1bWVudHOB");

  static final DcqlQuery PID_AND_MDL = DcqlQuery.of(
      CredentialQuery.sdJwt("pid", "urn:eudi:pid:1", ClaimsQuery.at("given_name")),
      CredentialQuery.mdoc("mdl", "org.iso.18013.5.1.mDL", ClaimsQuery.at("org.iso.18013.5.1", "family_name")));

  static PresentationContext context(DcqlQuery query, Map<String, List<JsonNode>> token) {
    Map<String, String> formats = new LinkedHashMap<>();
    query.credentials().forEach(c -> formats.put(c.id(), c.format()));
    return new PresentationContext(SessionId.random(), TransportType.MQTT, IdentifyVersion.V2,
        "decentralized_identifier:did:key:zX", "nonce", "did:key:zX", query, null, token, formats, null);
  }

  static ValidationOutcome validate(PresentationContext context) {
    return PresentationValidators.structural().validate(context).block(Duration.ofSeconds(5));
  }

  static List<String> codes(ValidationOutcome outcome) {
    return outcome.reasons().stream().map(ValidationReason::code).toList();
  }

  @Test
  void aCompleteSubmissionIsStructurallyFineButExplicitlyNotVerified() {
    ValidationOutcome outcome = validate(context(PID_AND_MDL, Map.of("pid", List.of(SD_JWT), "mdl", List.of(MDOC))));
    assertThat(outcome.verified()).isFalse();
    assertThat(codes(outcome)).containsExactly(ValidationReason.NOT_VERIFIED);
    assertThat(outcome.note()).contains("structure matches").contains("not verified");
    assertThat(outcome.disclosedClaims()).isEmpty();
  }

  @Test
  void missingUnknownEmptyAndExcessPresentationsAreReported() {
    Map<String, List<JsonNode>> token = new LinkedHashMap<>();
    token.put("pid", List.of(SD_JWT, SD_JWT));
    token.put("mdl", List.of());
    token.put("stranger", List.of(SD_JWT));
    ValidationOutcome outcome = validate(context(PID_AND_MDL, token));
    assertThat(outcome.verified()).isFalse();
    assertThat(outcome.reasons()).extracting(ValidationReason::code, ValidationReason::queryId).contains(
        org.assertj.core.groups.Tuple.tuple(ValidationReason.MISSING_CREDENTIAL, "mdl"),
        org.assertj.core.groups.Tuple.tuple(ValidationReason.TOO_MANY_PRESENTATIONS, "pid"),
        org.assertj.core.groups.Tuple.tuple(ValidationReason.EMPTY_PRESENTATIONS, "mdl"),
        org.assertj.core.groups.Tuple.tuple(ValidationReason.UNKNOWN_QUERY_ID, "stranger"));
    assertThat(outcome.note()).contains("does not match");
  }

  @Test
  void multipleIsAllowedWhenTheQuerySaysSo() {
    DcqlQuery query = DcqlQuery.of(CredentialQuery.sdJwt("pid", "urn:eudi:pid:1").withMultiple(true));
    assertThat(PresentationValidators.checkStructure(context(query, Map.of("pid", List.of(SD_JWT, SD_JWT))))).isEmpty();
  }

  @Test
  void implausibleFormatsAreReported() {
    Map<String, List<JsonNode>> token = Map.of(
        "pid", List.of(TextNode.valueOf("just-a-string")),
        "mdl", List.of(JsonNodeFactory.instance.objectNode()));
    ValidationOutcome outcome = validate(context(PID_AND_MDL, token));
    assertThat(outcome.reasons()).filteredOn(r -> r.code().equals(ValidationReason.IMPLAUSIBLE_FORMAT))
        .extracting(ValidationReason::queryId).containsExactlyInAnyOrder("pid", "mdl");
  }

  @Test
  void credentialSetsNeedOneCompleteOptionOfEachRequiredSet() {
    DcqlQuery query = DcqlQuery.of(
            CredentialQuery.sdJwt("pid", "urn:eudi:pid:1"),
            CredentialQuery.sdJwt("other_pid", "urn:other:pid"),
            CredentialQuery.sdJwt("rewards", "urn:rewards"))
        .withCredentialSets(List.of(
            CredentialSetQuery.of(List.of(List.of("pid"), List.of("other_pid"))),
            new CredentialSetQuery(List.of(List.of("rewards")), false, null)));
    assertThat(PresentationValidators.checkStructure(context(query, Map.of("other_pid", List.of(SD_JWT))))).isEmpty();
    List<ValidationReason> problems = PresentationValidators.checkStructure(context(query, Map.of("rewards", List.of(SD_JWT))));
    assertThat(problems).extracting(ValidationReason::code).containsExactly(ValidationReason.CREDENTIAL_SET_UNSATISFIED);
  }

  @Test
  void anEmptyVpTokenIsReported() {
    assertThat(codes(validate(context(PID_AND_MDL, Map.of())))).contains(ValidationReason.NO_PRESENTATIONS, ValidationReason.MISSING_CREDENTIAL);
  }

  @Test
  void v1WithAnExplicitDefinitionChecksItsInputDescriptors() {
    JsonNode pd = PresentationDefinitions.fromDcql(PID_AND_MDL, "pd");
    PresentationContext context = new PresentationContext(SessionId.random(), TransportType.BLE, IdentifyVersion.V1,
        "did:key:zX", "nonce", "did:key:zX", null, pd, Map.of("pid", List.of(SD_JWT)), Map.of("pid", "vc+sd-jwt"), null);
    assertThat(PresentationValidators.checkStructure(context)).extracting(ValidationReason::code, ValidationReason::queryId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ValidationReason.MISSING_CREDENTIAL, "mdl"));
  }

  @Test
  void aContextNeverPrintsPresentationsOrTheNonce() {
    PresentationContext context = context(PID_AND_MDL, Map.of("pid", List.of(SD_JWT)));
    assertThat(context.toString()).doesNotContain(Fixtures.SD_JWT).doesNotContain("nonce=");
    assertThat(context.restrictTo(List.of("mdl")).vpToken()).isEmpty();
  }
}
