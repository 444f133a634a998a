package io.proxima.sdjwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.testing.Fixtures;
import io.proxima.sdjwt.testing.Tamper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Disclosure processing on hand-made payloads (RFC 9901 §7.1 step 3), without signatures. */
class ClaimTreeTest {

  static ParsedDisclosure d(String encoded) throws CheckFailure {
    return ParsedDisclosure.parse(encoded, 0);
  }

  @Test
  void recursiveDisclosuresRevealNestedClaimsOnlyWithTheirParents() throws Exception {
    String street = Tamper.disclosure("s1", "street", "\"Main St\"");
    String city = Tamper.disclosure("s2", "city", "\"Town\"");
    String address = Tamper.disclosure("s3", "address",
        "{\"_sd\": [\"" + Fixtures.sha256(street) + "\", \"" + Fixtures.sha256(city) + "\"], \"country\": \"DE\"}");
    ObjectNode payload = Fixtures.object("{\"_sd\": [\"" + Fixtures.sha256(address) + "\"], \"_sd_alg\": \"sha-256\"}");

    assertThat(ClaimTree.toJson(ClaimTree.decode(payload, List.of(d(address), d(city)))))
        .isEqualTo(Fixtures.object("{\"address\": {\"country\": \"DE\", \"city\": \"Town\"}}"));
    assertThat(ClaimTree.toJson(ClaimTree.decode(payload, List.of(d(address)))))
        .isEqualTo(Fixtures.object("{\"address\": {\"country\": \"DE\"}}"));
    assertThatThrownBy(() -> ClaimTree.decode(payload, List.of(d(city))))
        .isInstanceOfSatisfying(CheckFailure.class, f -> assertThat(f.code()).isEqualTo(SdJwtReasons.DISCLOSURE_UNREFERENCED));
  }

  @Test
  void undisclosedArrayElementsAreDroppedAndPlainOnesKept() throws Exception {
    String fr = Tamper.elementDisclosure("s1", "\"FR\"");
    String us = Tamper.elementDisclosure("s2", "\"US\"");
    ObjectNode payload = Fixtures.object("{\"n\": [\"DE\", {\"...\": \"" + Fixtures.sha256(fr) + "\"}, {\"...\": \"" + Fixtures.sha256(us)
        + "\"}, {\"...\": 5}, {\"...\": \"x\", \"y\": 1}]}");

    assertThat(ClaimTree.toJson(ClaimTree.decode(payload, List.of(d(us)))))
        .isEqualTo(Fixtures.object("{\"n\": [\"DE\", \"US\", {\"...\": 5}, {\"...\": \"x\", \"y\": 1}]}"));
  }

  @Test
  void decoyDigestsAreIgnored() throws Exception {
    ObjectNode payload = Fixtures.object("{\"_sd\": [\"" + Fixtures.sha256("decoy") + "\"], \"a\": 1}");
    assertThat(ClaimTree.toJson(ClaimTree.decode(payload, List.of()))).isEqualTo(Fixtures.object("{\"a\": 1}"));
  }

  @Test
  void nestedSdAlgIsDataNotTheAlgorithm() throws Exception {
    ObjectNode payload = Fixtures.object("{\"_sd_alg\": \"sha-256\", \"x\": {\"_sd_alg\": \"kept\"}}");
    assertThat(ClaimTree.toJson(ClaimTree.decode(payload, List.of()))).isEqualTo(Fixtures.object("{\"x\": {\"_sd_alg\": \"kept\"}}"));
  }

  @Test
  void aDisclosureReferencedFromInsideItselfIsADuplicateNotALoop() throws Exception {
    // A disclosure cannot contain its own digest (that would be a hash fixed point), but two
    // digests of one disclosure in different places must be refused, not processed twice.
    String a = Tamper.disclosure("s1", "a", "1");
    ObjectNode payload = Fixtures.object("{\"_sd\": [\"" + Fixtures.sha256(a) + "\"], \"o\": {\"_sd\": [\"" + Fixtures.sha256(a) + "\"]}}");
    assertThatThrownBy(() -> ClaimTree.decode(payload, List.of(d(a))))
        .isInstanceOfSatisfying(CheckFailure.class, f -> assertThat(f.code()).isEqualTo(SdJwtReasons.DIGEST_DUPLICATE));
  }

  @Test
  void aChainOfRecursiveDisclosuresDeeperThanTheLimitIsRefused() throws Exception {
    List<ParsedDisclosure> chain = new ArrayList<>();
    String inner = Tamper.disclosure("s0", "leaf", "1");
    chain.add(d(inner));
    for (int i = 1; i <= ClaimTree.MAX_DEPTH + 1; i++) {
      inner = Tamper.disclosure("s" + i, "c" + i, "{\"_sd\": [\"" + Fixtures.sha256(inner) + "\"]}");
      chain.add(d(inner));
    }
    ObjectNode payload = Fixtures.object("{\"_sd\": [\"" + Fixtures.sha256(inner) + "\"]}");
    assertThatThrownBy(() -> ClaimTree.decode(payload, chain))
        .isInstanceOfSatisfying(CheckFailure.class, f -> assertThat(f.code()).isEqualTo(SdJwtReasons.DISCLOSURE_MALFORMED));
    assertThat(ClaimTree.toJson(ClaimTree.decode(payload, chain.subList(chain.size() - 100, chain.size()))).toString()).contains("c100");
  }

  @Test
  void aDisclosureNestedDeeperThanJsonAllowsIsMalformed() {
    String deep = Fixtures.base64url("[\"s\", \"a\", " + "[".repeat(100) + "]".repeat(100) + "]");
    assertThatThrownBy(() -> ParsedDisclosure.parse(deep, 0))
        .isInstanceOfSatisfying(CheckFailure.class, f -> assertThat(f.code()).isEqualTo(SdJwtReasons.DISCLOSURE_MALFORMED));
  }

  @Test
  void reservedNamesAndWrongShapesAreMalformedDisclosures() {
    for (String bad : List.of(Tamper.disclosure("s", "_sd", "1"), Tamper.disclosure("s", "...", "1"), Fixtures.base64url("[\"s\"]"),
        Fixtures.base64url("[1, \"a\", 2]"), Fixtures.base64url("[\"s\", 1, 2]"), "!!!", Fixtures.base64url("[\"s\", \"a\", 1, 2]"))) {
      assertThatThrownBy(() -> ParsedDisclosure.parse(bad, 3))
          .isInstanceOfSatisfying(CheckFailure.class, f -> {
            assertThat(f.code()).isEqualTo(SdJwtReasons.DISCLOSURE_MALFORMED);
            assertThat(f.detail()).contains("disclosure 3");
          });
    }
  }

  @Test
  void anSdJwtWithAnEmptyPartOrTooManyPartsIsMalformed() {
    String jwt = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln";
    for (String bad : List.of(jwt + "~~x~", "~" + jwt, jwt, jwt + "~" + "a~".repeat(ParsedSdJwt.MAX_DISCLOSURES + 1))) {
      assertThatThrownBy(() -> ParsedSdJwt.parse(bad))
          .isInstanceOfSatisfying(CheckFailure.class, f -> assertThat(f.code()).isEqualTo(SdJwtReasons.MALFORMED));
    }
  }

  @Test
  void theDisclosuresOfAnSdJwtAreDecodedOnlyWhenAskedFor() throws Exception {
    String jwt = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln";
    ParsedSdJwt parsed = ParsedSdJwt.parse(jwt + "~not-a-disclosure~");
    assertThat(parsed.disclosureCount()).isEqualTo(1);
    assertThatThrownBy(parsed::disclosures)
        .isInstanceOfSatisfying(CheckFailure.class, f -> assertThat(f.code()).isEqualTo(SdJwtReasons.DISCLOSURE_MALFORMED));
  }

  @Test
  void describingDisclosuresGivesTheirPaths() throws Exception {
    String fr = Tamper.elementDisclosure("s1", "\"FR\"");
    String n = Tamper.disclosure("s2", "n", "[\"DE\", {\"...\": \"" + Fixtures.sha256(fr) + "\"}]");
    ObjectNode payload = Fixtures.object("{\"_sd\": [\"" + Fixtures.sha256(n) + "\"]}");
    List<ParsedDisclosure> all = new ArrayList<>(List.of(d(n), d(fr)));
    ClaimTree.Obj root = ClaimTree.decode(payload, all);
    assertThat(ClaimTree.describe(root, new java.util.HashSet<>(all))).containsExactly("n", "n[1]");
  }
}
