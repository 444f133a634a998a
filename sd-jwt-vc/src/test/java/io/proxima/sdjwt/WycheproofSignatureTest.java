package io.proxima.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import io.proxima.sdjwt.internal.Json;
import io.proxima.sdjwt.internal.Signatures;
import io.proxima.testing.SharedFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Project Wycheproof vectors through {@link Signatures#verify(JWSHeader, byte[], Base64URL, JWK)}:
 * the path every issuer signature and Key Binding JWT signature of the validator takes. ES256
 * signatures are IEEE P1363 (r || s), exactly the JWS encoding; Ed25519 ones are raw. Every
 * vector must give its expected result: valid ones verify, invalid ones (malleated, truncated,
 * out-of-range, wrong-length signatures, small-order keys) do not.
 */
class WycheproofSignatureTest {

  record Outcome(int total, int valid, List<String> mismatches) {}

  @Test
  void ecdsaP256Sha256P1363VectorsGiveTheirExpectedResults() throws Exception {
    Outcome o = run("ecdsa_secp256r1_sha256_p1363_test.json", JWSAlgorithm.ES256);
    assertThat(o.mismatches()).isEmpty();
    assertThat(o.total()).isEqualTo(262);
    assertThat(o.valid()).isEqualTo(173);
  }

  @Test
  void ed25519VectorsGiveTheirExpectedResults() throws Exception {
    Outcome o = run("ed25519_test.json", JWSAlgorithm.EdDSA);
    assertThat(o.mismatches()).isEmpty();
    assertThat(o.total()).isEqualTo(151);
    assertThat(o.valid()).isEqualTo(88);
  }

  @Test
  void ed25519VectorsAlsoVerifyUnderTheFullySpecifiedAlgorithmName() throws Exception {
    Outcome o = run("ed25519_test.json", JWSAlgorithm.Ed25519);
    assertThat(o.mismatches()).isEmpty();
  }

  private static Outcome run(String file, JWSAlgorithm alg) throws Exception {
    JsonNode root = Json.parse(Files.readAllBytes(SharedFiles.wycheproof(file)));
    JWSHeader header = new JWSHeader(alg);
    HexFormat hex = HexFormat.of();
    int total = 0;
    int valid = 0;
    List<String> mismatches = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      JWK key = publicKey(group.get("publicKey"));
      for (JsonNode test : group.get("tests")) {
        total++;
        String result = test.get("result").asText();
        byte[] msg = hex.parseHex(test.get("msg").asText());
        byte[] sig = hex.parseHex(test.get("sig").asText());
        boolean verified = Signatures.verify(header, msg, Base64URL.encode(sig), key);
        boolean expected = "valid".equals(result);
        if (expected) {
          valid++;
        }
        if (!"acceptable".equals(result) && verified != expected) {
          mismatches.add("tcId " + test.get("tcId").asInt() + " (" + test.get("comment").asText() + "): expected " + result + ", got " + verified);
        }
      }
    }
    assertThat(total).isEqualTo(root.get("numberOfTests").asInt());
    return new Outcome(total, valid, mismatches);
  }

  /** The group's key from its raw coordinates (not every group has a JWK form). */
  private static JWK publicKey(JsonNode key) {
    HexFormat hex = HexFormat.of();
    if ("EcPublicKey".equals(key.get("type").asText())) {
      return new ECKey.Builder(Curve.P_256, Base64URL.encode(fixed32(hex.parseHex(key.get("wx").asText()))),
          Base64URL.encode(fixed32(hex.parseHex(key.get("wy").asText())))).build();
    }
    return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(hex.parseHex(key.get("pk").asText()))).build();
  }

  /** A coordinate as exactly 32 bytes (Wycheproof writes some with a leading zero byte). */
  private static byte[] fixed32(byte[] b) {
    byte[] out = new byte[32];
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }
}
