package io.proxima.oid4vp.dcql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.error.MalformedInputException;
import io.proxima.oid4vp.internal.Json;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DcqlQueryTest {

  /** The credential_sets example of OpenID4VP 1.0 §6.4 (shortened). */
  static final String SPEC_EXAMPLE = """
      {
        "credentials": [
          {"id": "pid", "format": "dc+sd-jwt",
           "meta": {"vct_values": ["https://credentials.example.com/identity_credential"]},
           "claims": [{"path": ["given_name"]}, {"path": ["family_name"]}, {"path": ["address", "street_address"]}]},
          {"id": "other_pid", "format": "dc+sd-jwt",
           "meta": {"vct_values": ["https://othercredentials.example/pid"]},
           "claims": [{"path": ["given_name"]}, {"path": ["family_name"]}]},
          {"id": "nice_to_have", "format": "dc+sd-jwt",
           "meta": {"vct_values": ["https://company.example/company_rewards"]},
           "claims": [{"id": "a", "path": ["rewards_number"]}, {"id": "b", "path": ["points"], "values": [1, 2]}],
           "claim_sets": [["a", "b"], ["a"]]},
          {"id": "mdl", "format": "mso_mdoc", "multiple": true,
           "meta": {"doctype_value": "org.iso.18013.5.1.mDL"},
           "claims": [{"path": ["org.iso.18013.5.1", "family_name"], "intent_to_retain": false},
                      {"path": ["org.iso.18013.5.1", "driving_privileges", null, "vehicle_category_code"]}]}
        ],
        "credential_sets": [
          {"options": [["pid"], ["other_pid"]]},
          {"required": false, "options": [["nice_to_have"]], "purpose": "rewards"}
        ],
        "unknown_extension": {"ignored": true}
      }""";

  @Test
  void parsesTheSpecificationExample() {
    DcqlQuery query = DcqlQuery.parse(SPEC_EXAMPLE);
    assertThat(query.credentials()).extracting(CredentialQuery::id).containsExactly("pid", "other_pid", "nice_to_have", "mdl");
    CredentialQuery mdl = query.credential("mdl").orElseThrow();
    assertThat(mdl.allowsMultiple()).isTrue();
    assertThat(mdl.claims().get(1).path().elements()).containsExactly("org.iso.18013.5.1", "driving_privileges", null, "vehicle_category_code");
    assertThat(query.credential("nice_to_have").orElseThrow().claimSets()).containsExactly(List.of("a", "b"), List.of("a"));
    assertThat(query.credentialSets()).hasSize(2);
    assertThat(query.credentialSets().get(0).isRequired()).isTrue();
    assertThat(query.credentialSets().get(1).isRequired()).isFalse();
    assertThat(query.credential("pid").orElseThrow().allowsMultiple()).isFalse();
  }

  @Test
  void roundTripsThroughJsonWithoutTheUnknownMembers() throws Exception {
    DcqlQuery query = DcqlQuery.parse(SPEC_EXAMPLE);
    JsonNode json = query.toJson();
    assertThat(json.has("unknown_extension")).isFalse();
    assertThat(json.at("/credentials/3/claims/1/path/2").isNull()).isTrue();
    assertThat(json.at("/credentials/0/multiple").isMissingNode()).isTrue();
    assertThat(DcqlQuery.parse(query.toJsonString())).isEqualTo(query);
    JsonNode original = Json.parse(SPEC_EXAMPLE);
    ((com.fasterxml.jackson.databind.node.ObjectNode) original).remove("unknown_extension");
    assertThat(json).isEqualTo(original);
  }

  @Test
  void buildsQueriesInCode() {
    DcqlQuery query = DcqlQuery.of(
        CredentialQuery.sdJwt("pid", "urn:eudi:pid:1", ClaimsQuery.at("given_name")),
        CredentialQuery.mdoc("mdl", "org.iso.18013.5.1.mDL", ClaimsQuery.at("org.iso.18013.5.1", "family_name")));
    assertThat(query.toJsonString()).isEqualTo(
        "{\"credentials\":[{\"id\":\"pid\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":[\"urn:eudi:pid:1\"]},"
            + "\"claims\":[{\"path\":[\"given_name\"]}]},{\"id\":\"mdl\",\"format\":\"mso_mdoc\","
            + "\"meta\":{\"doctype_value\":\"org.iso.18013.5.1.mDL\"},\"claims\":[{\"path\":[\"org.iso.18013.5.1\",\"family_name\"]}]}]}");
  }

  @Test
  void invalidQueriesAreRefusedWithTheReason() {
    assertInvalid("{\"credentials\": []}", "at least one credential query");
    assertInvalid("{\"credentials\": [{\"id\": \"a\", \"format\": \"x\"}, {\"id\": \"a\", \"format\": \"y\"}]}", "duplicate credential query id a");
    assertInvalid("{\"credentials\": [{\"id\": \"a b\", \"format\": \"x\"}]}", "credential query id");
    assertInvalid("{\"credentials\": [{\"id\": \"a\", \"format\": \"x\"}], \"credential_sets\": [{\"options\": [[\"b\"]]}]}",
        "unknown credential query id b");
    assertInvalid("{\"credentials\": [{\"id\": \"a\", \"format\": \"x\", \"claims\": [{\"path\": []}]}]}", "claim path must not be empty");
    assertInvalid("{\"credentials\": [{\"id\": \"a\", \"format\": \"x\", \"claims\": [{\"path\": [-1]}]}]}", "non-negative");
    assertInvalid("{\"credentials\": [{\"id\": \"a\", \"format\": \"x\", \"claims\": [{\"id\": \"c\", \"path\": [\"p\"]}], \"claim_sets\": [[\"d\"]]}]}",
        "unknown claims id d");
    assertInvalid("{\"credentials\": [{\"id\": \"a\"}]}", "format");
    assertInvalid("[1, 2]", "must be a JSON object");
    assertInvalid("{not json", "not JSON");
  }

  @Test
  void claimPathsBecomeJsonPaths() {
    assertThat(ClaimPath.keys("address", "street_address").toJsonPath()).isEqualTo("$.address.street_address");
    assertThat(ClaimPath.of(Arrays.asList("nationalities", null)).toJsonPath()).isEqualTo("$.nationalities[*]");
    assertThat(ClaimPath.of(List.of("degrees", 0, "type")).toJsonPath()).isEqualTo("$.degrees[0].type");
    assertThat(ClaimPath.keys("org.iso.18013.5.1").toJsonPath()).isEqualTo("$['org.iso.18013.5.1']");
  }

  private static void assertInvalid(String json, String problem) {
    assertThatThrownBy(() -> DcqlQuery.parse(json))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("dcql_query")
        .hasMessageContaining(problem);
  }
}
