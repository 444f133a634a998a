package io.proxima.oid4vp.dcql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.oid4vp.internal.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresentationDefinitionsTest {

  @Test
  void derivesOneInputDescriptorPerCredentialQuery() throws Exception {
    DcqlQuery query = DcqlQuery.of(
        CredentialQuery.sdJwt("pid", "urn:eudi:pid:1", ClaimsQuery.at("given_name"), ClaimsQuery.at("address", "locality")),
        CredentialQuery.mdoc("mdl", "org.iso.18013.5.1.mDL", ClaimsQuery.at("org.iso.18013.5.1", "family_name")));
    JsonNode pd = PresentationDefinitions.fromDcql(query, "pd-1");

    JsonNode expected = Json.parse("""
        {"id": "pd-1", "input_descriptors": [
          {"id": "pid", "format": {"dc+sd-jwt": {}},
           "constraints": {"fields": [
              {"path": ["$.vct"], "filter": {"type": "string", "enum": ["urn:eudi:pid:1"]}},
              {"path": ["$.given_name"]},
              {"path": ["$.address.locality"]}],
            "limit_disclosure": "required"}},
          {"id": "mdl", "format": {"mso_mdoc": {}},
           "constraints": {"fields": [
              {"path": ["$['org.iso.18013.5.1']['family_name']"], "intent_to_retain": false}],
            "limit_disclosure": "required"}}
        ]}""");
    assertThat(pd).isEqualTo(expected);
    assertThat(PresentationDefinitions.descriptorIds(pd)).containsExactly("pid", "mdl");
    assertThat(PresentationDefinitions.descriptorFormats(pd)).isEqualTo(Map.of("pid", "dc+sd-jwt", "mdl", "mso_mdoc"));
  }

  @Test
  void descriptorFormatsFallBackToTheTopLevelFormat() throws Exception {
    JsonNode pd = Json.parse("{\"id\": \"x\", \"format\": {\"jwt_vp\": {}}, \"input_descriptors\": [{\"id\": \"a\"}, {\"id\": \"b\", \"format\": {\"ldp_vp\": {}}}]}");
    assertThat(PresentationDefinitions.descriptorFormats(pd)).isEqualTo(Map.of("a", "jwt_vp", "b", "ldp_vp"));
  }
}
