package io.proxima.crypto;

import static io.proxima.testing.Hex.bytes;
import static io.proxima.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proxima.crypto.internal.AesGcm;
import io.proxima.crypto.internal.Hkdf;
import io.proxima.error.KeyAgreementException;
import io.proxima.testing.SharedFiles;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Project Wycheproof vectors (../shared/testvectors/wycheproof) through Proxima's own crypto
 * classes: X25519 key agreement, AES-256-GCM with 96-bit IVs and 128-bit tags, HKDF-SHA256.
 */
class WycheproofTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> x25519() throws IOException {
    return cases("x25519_test.json", g -> true)
        .map(
            t ->
                DynamicTest.dynamicTest(
                    name(t),
                    () -> {
                      X25519KeyPair keys = X25519KeyPair.fromPrivateKey(bytes(t.get("private").asText()));
                      byte[] peer = bytes(t.get("public").asText());
                      boolean zeroShared = flags(t).contains("ZeroSharedSecret");
                      boolean invalid = "invalid".equals(t.get("result").asText());
                      if (zeroShared || invalid) {
                        // Contributory behaviour: an all-zero shared secret is refused (RFC 7748 §6.1).
                        assertThatThrownBy(() -> keys.agree(peer, null)).isInstanceOf(KeyAgreementException.class);
                      } else {
                        assertThat(hex(keys.agree(peer, null))).isEqualTo(t.get("shared").asText());
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> aes256Gcm() throws IOException {
    return cases(
            "aes_gcm_test.json",
            g -> g.get("keySize").asInt() == 256 && g.get("ivSize").asInt() == 96 && g.get("tagSize").asInt() == 128)
        .map(
            t ->
                DynamicTest.dynamicTest(
                    name(t),
                    () -> {
                      byte[] key = bytes(t.get("key").asText());
                      byte[] iv = bytes(t.get("iv").asText());
                      byte[] aad = bytes(t.get("aad").asText());
                      byte[] msg = bytes(t.get("msg").asText());
                      String ctAndTag = t.get("ct").asText() + t.get("tag").asText();
                      if ("valid".equals(t.get("result").asText())) {
                        assertThat(hex(AesGcm.seal(key, iv, aad, msg))).isEqualTo(ctAndTag);
                        assertThat(hex(AesGcm.open(key, iv, aad, bytes(ctAndTag)))).isEqualTo(hex(msg));
                      } else {
                        assertThatThrownBy(() -> AesGcm.open(key, iv, aad, bytes(ctAndTag)))
                            .isInstanceOf(GeneralSecurityException.class);
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> hkdfSha256() throws IOException {
    return cases("hkdf_sha256_test.json", g -> true)
        .map(
            t ->
                DynamicTest.dynamicTest(
                    name(t),
                    () -> {
                      byte[] ikm = bytes(t.get("ikm").asText());
                      byte[] salt = bytes(t.get("salt").asText());
                      byte[] info = bytes(t.get("info").asText());
                      int size = t.get("size").asInt();
                      if ("valid".equals(t.get("result").asText())) {
                        assertThat(hex(Hkdf.deriveKey(ikm, salt, info, size))).isEqualTo(t.get("okm").asText());
                      } else {
                        assertThatThrownBy(() -> Hkdf.deriveKey(ikm, salt, info, size))
                            .isInstanceOf(IllegalArgumentException.class);
                      }
                    }));
  }

  private static Stream<JsonNode> cases(String file, java.util.function.Predicate<JsonNode> group) throws IOException {
    JsonNode root = JSON.readTree(SharedFiles.wycheproof(file).toFile());
    List<JsonNode> out = new ArrayList<>();
    root.get("testGroups").forEach(g -> {
      if (group.test(g)) {
        g.get("tests").forEach(out::add);
      }
    });
    if (out.isEmpty()) {
      fail("no test cases selected from " + file);
    }
    return out.stream();
  }

  private static List<String> flags(JsonNode t) {
    List<String> flags = new ArrayList<>();
    t.get("flags").forEach((Consumer<JsonNode>) f -> flags.add(f.asText()));
    return flags;
  }

  private static String name(JsonNode t) {
    return "tcId " + t.get("tcId").asInt() + " " + t.get("result").asText() + " " + t.get("comment").asText();
  }
}
