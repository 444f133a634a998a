package io.proxima.sdjwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.oid4vp.dcql.ClaimPath;
import io.proxima.oid4vp.dcql.ClaimsQuery;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.sdjwt.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** V1 presentation definitions read as DCQL. */
class DefinitionQueriesTest {

  @Test
  void theDefinitionTheFlowDerivesFromDcqlReadsBackAsTheSameQuery() {
    CredentialQuery q = new CredentialQuery("pid", "dc+sd-jwt", null, Fixtures.pidQuery().meta(),
        List.of(ClaimsQuery.at("given_name"), new ClaimsQuery(null, ClaimPath.of(Arrays.asList("address", "locality")), null, null),
            new ClaimsQuery(null, ClaimPath.of(Arrays.asList("nationalities", null)), List.of(TextNode.valueOf("FR")), null),
            new ClaimsQuery(null, ClaimPath.of(Arrays.asList("weird key", 0)), null, null)),
        null, null, null);
    DcqlQuery dcql = DcqlQuery.of(q);

    DcqlQuery back = DefinitionQueries.toDcql(PresentationDefinitions.fromDcql(dcql, "pd"));

    assertThat(back).isEqualTo(dcql);
  }

  @Test
  void jsonPathsOfTheSupportedFormParse() {
    assertThat(DefinitionQueries.parse("$.a.b[0][*]").elements()).containsExactly("a", "b", 0, null);
    assertThat(DefinitionQueries.parse("$['it''s']")).isNull();
    assertThat(DefinitionQueries.parse("$['it\\'s']").elements()).containsExactly("it's");
    assertThat(DefinitionQueries.parse("$[\"x\"]").elements()).containsExactly("x");
    assertThat(DefinitionQueries.parse("$..a")).isNull();
    assertThat(DefinitionQueries.parse("$.a[?(@.b)]")).isNull();
    assertThat(DefinitionQueries.parse("$")).isNull();
  }

  @Test
  void unsupportedDefinitionsAreRefusedSayingWhy() {
    assertThatThrownBy(() -> DefinitionQueries.toDcql(Fixtures.object("{\"id\": \"x\", \"input_descriptors\": [{\"id\": \"a\"}], \"submission_requirements\": []}")))
        .hasMessageContaining("submission_requirements");
    assertThatThrownBy(() -> DefinitionQueries.toDcql(Fixtures.object(
        "{\"id\": \"x\", \"input_descriptors\": [{\"id\": \"a\", \"constraints\": {\"fields\": [{\"path\": [\"$..x\"]}]}}]}")))
        .hasMessageContaining("unsupported JSONPath");
    assertThatThrownBy(() -> DefinitionQueries.toDcql(Fixtures.object(
        "{\"id\": \"x\", \"input_descriptors\": [{\"id\": \"a\", \"constraints\": {\"fields\": [{\"path\": [\"$.x\"], \"filter\": {\"pattern\": \"^a\"}}]}}]}")))
        .hasMessageContaining("pattern");
  }

  @Test
  void optionalFieldsAreNotRequested() {
    DcqlQuery q = DefinitionQueries.toDcql(Fixtures.object(
        "{\"id\": \"x\", \"input_descriptors\": [{\"id\": \"a\", \"format\": {\"vc+sd-jwt\": {}}, \"constraints\": {\"fields\": ["
            + "{\"path\": [\"$.given_name\"]}, {\"path\": [\"$.email\"], \"optional\": true}]}}]}"));
    assertThat(q.credentials().get(0).format()).isEqualTo("vc+sd-jwt");
    assertThat(q.credentials().get(0).claims()).extracting(ClaimsQuery::path).containsExactly(ClaimPath.keys("given_name"));
  }
}
