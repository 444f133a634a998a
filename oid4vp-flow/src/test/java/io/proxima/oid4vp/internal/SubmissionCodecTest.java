package io.proxima.oid4vp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.proxima.error.MalformedFrameException;
import io.proxima.message.IdentifyVersion;
import io.proxima.message.SessionId;
import io.proxima.oid4vp.dcql.CredentialQuery;
import io.proxima.oid4vp.dcql.DcqlQuery;
import io.proxima.oid4vp.dcql.PresentationDefinitions;
import io.proxima.oid4vp.presentation.PresentationDecision;
import io.proxima.oid4vp.request.VerifiedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmissionCodecTest {

  static final SessionId ID = SessionId.random();
  static final DcqlQuery QUERY = DcqlQuery.of(CredentialQuery.sdJwt("pid", "urn:pid"), CredentialQuery.mdoc("mdl", "mDL"));

  static VerifiedRequest request(IdentifyVersion version) {
    JsonNode claims = Json.toTree(Map.of("nonce", "n"));
    return version == IdentifyVersion.V2
        ? new VerifiedRequest("jwt", version, "decentralized_identifier:did:key:z", "did:key:z", "did:key:z#z", "ES256", "n", QUERY, null, Instant.EPOCH, claims)
        : new VerifiedRequest("jwt", version, "did:key:z", "did:key:z", "did:key:z#z", "ES256", "n", null,
            PresentationDefinitions.fromDcql(QUERY, "pd-1"), Instant.EPOCH, claims);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void v2EncodesTheProtocolShapeExactly() {
    byte[] encoded = SubmissionCodec.encode(PresentationDecision.presentStrings(Map.of("q1", List.of("tok"))), request(IdentifyVersion.V2));
    // PROTOCOL.md §2 test vector plaintext
    assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo("{\"vp_token\":{\"q1\":[\"tok\"]}}");
    SubmissionCodec.Decoded decoded = SubmissionCodec.decode(encoded, IdentifyVersion.V2, ID);
    assertThat(decoded.submission().vpToken()).containsExactly(Map.entry("q1", List.of(TextNode.valueOf("tok"))));
    assertThat(decoded.submission().presentationSubmission()).isNull();
  }

  @Test
  void v2AcceptsASinglePresentationWithoutList() {
    SubmissionCodec.Decoded decoded = SubmissionCodec.decode(bytes("{\"vp_token\":{\"pid\":\"tok\"}}"), IdentifyVersion.V2, ID);
    assertThat(decoded.submission().vpToken().get("pid")).containsExactly(TextNode.valueOf("tok"));
  }

  @Test
  void v1WithOnePresentationUsesTheDollarPath() throws Exception {
    byte[] encoded = SubmissionCodec.encode(PresentationDecision.presentStrings(Map.of("pid", List.of("tok"))), request(IdentifyVersion.V1));
    JsonNode json = Json.parse(encoded);
    assertThat(json.get("vp_token").asText()).isEqualTo("tok");
    assertThat(json.at("/presentation_submission/definition_id").asText()).isEqualTo("pd-1");
    assertThat(json.at("/presentation_submission/descriptor_map/0/id").asText()).isEqualTo("pid");
    assertThat(json.at("/presentation_submission/descriptor_map/0/format").asText()).isEqualTo("dc+sd-jwt");
    assertThat(json.at("/presentation_submission/descriptor_map/0/path").asText()).isEqualTo("$");

    SubmissionCodec.Decoded decoded = SubmissionCodec.decode(encoded, IdentifyVersion.V1, ID);
    assertThat(decoded.submission().vpToken().get("pid")).containsExactly(TextNode.valueOf("tok"));
    assertThat(decoded.descriptorFormats()).containsEntry("pid", "dc+sd-jwt");
  }

  @Test
  void v1WithSeveralPresentationsUsesIndexPaths() throws Exception {
    Map<String, List<String>> token = new LinkedHashMap<>();
    token.put("pid", List.of("a", "b"));
    token.put("mdl", List.of("c"));
    byte[] encoded = SubmissionCodec.encode(PresentationDecision.presentStrings(token), request(IdentifyVersion.V1));
    JsonNode json = Json.parse(encoded);
    assertThat(json.get("vp_token")).hasSize(3);
    assertThat(json.at("/presentation_submission/descriptor_map/2/path").asText()).isEqualTo("$[2]");
    assertThat(json.at("/presentation_submission/descriptor_map/2/format").asText()).isEqualTo("mso_mdoc");

    SubmissionCodec.Decoded decoded = SubmissionCodec.decode(encoded, IdentifyVersion.V1, ID);
    assertThat(decoded.submission().vpToken().get("pid")).containsExactly(TextNode.valueOf("a"), TextNode.valueOf("b"));
    assertThat(decoded.submission().vpToken().get("mdl")).containsExactly(TextNode.valueOf("c"));
  }

  @Test
  void malformedSubmissionsNameTheField() {
    assertMalformed("not json", IdentifyVersion.V2, "submission");
    assertMalformed("{\"presentation\": 1}", IdentifyVersion.V2, "submission");
    assertMalformed("{\"vp_token\": [\"a\"]}", IdentifyVersion.V2, "submission.vp_token");
    assertMalformed("{\"vp_token\": \"a\"}", IdentifyVersion.V1, "submission.presentation_submission");
    assertMalformed("{\"vp_token\": \"a\", \"presentation_submission\": {\"descriptor_map\": [{\"id\": \"x\", \"path\": \"$.vp\"}]}}",
        IdentifyVersion.V1, "submission.presentation_submission.descriptor_map[0].path");
    assertMalformed("{\"vp_token\": [\"a\"], \"presentation_submission\": {\"descriptor_map\": [{\"id\": \"x\", \"path\": \"$[3]\"}]}}",
        IdentifyVersion.V1, "submission.presentation_submission.descriptor_map[0].path");
  }

  private static void assertMalformed(String json, IdentifyVersion version, String field) {
    assertThatThrownBy(() -> SubmissionCodec.decode(bytes(json), version, ID))
        .isInstanceOfSatisfying(MalformedFrameException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
