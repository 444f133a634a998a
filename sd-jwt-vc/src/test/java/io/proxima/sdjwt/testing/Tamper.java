package io.proxima.sdjwt.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import io.proxima.sdjwt.internal.Json;
import io.proxima.sdjwt.internal.KeyBindingJwt;
import io.proxima.sdjwt.issuer.SdJwtVcIssuer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes presentations apart and puts them together with exactly one thing changed. Works on the
 * serialised form, independently of the code under test (only signing reuses it).
 */
public final class Tamper {

  private Tamper() {}

  /** The parts of an SD-JWT(+KB): issuer JWT, disclosures..., KB-JWT (possibly empty). */
  public static List<String> parts(String presentation) {
    return new ArrayList<>(Arrays.asList(presentation.split("~", -1)));
  }

  public static String issuerJwt(String presentation) {
    return parts(presentation).get(0);
  }

  /** The disclosures of an SD-JWT(+KB). */
  public static List<String> disclosures(String presentation) {
    List<String> p = parts(presentation);
    return new ArrayList<>(p.subList(1, p.size() - 1));
  }

  public static String keyBindingJwt(String presentation) {
    List<String> p = parts(presentation);
    return p.get(p.size() - 1);
  }

  /** {@code jwt~d1~...~dn~}. */
  public static String sdJwt(String issuerJwt, List<String> disclosures) {
    StringBuilder sb = new StringBuilder(issuerJwt).append('~');
    disclosures.forEach(d -> sb.append(d).append('~'));
    return sb.toString();
  }

  /** The standard KB payload for an SD-JWT: iat NOW, aud CLIENT_ID, nonce NONCE, sd_hash over it. */
  public static ObjectNode kbPayload(String sdJwt) {
    ObjectNode p = Json.mapper().createObjectNode();
    p.put("iat", Fixtures.NOW.getEpochSecond());
    p.put("aud", Fixtures.CLIENT_ID);
    p.put("nonce", Fixtures.NONCE);
    p.put("sd_hash", Fixtures.sha256(sdJwt));
    return p;
  }

  /** The SD-JWT with a KB-JWT over it signed by {@code holderKey}, its payload edited first. */
  public static String bind(String sdJwt, JWK holderKey, Consumer<ObjectNode> editKb) {
    ObjectNode payload = kbPayload(sdJwt);
    editKb.accept(payload);
    return sdJwt + KeyBindingJwt.create(holderKey, payload);
  }

  /** The SD-JWT with a correct KB-JWT. */
  public static String bind(String sdJwt, JWK holderKey) {
    return bind(sdJwt, holderKey, p -> {});
  }

  /** The issuer JWT's payload, decoded. */
  public static ObjectNode payload(String issuerJwt) {
    return Fixtures.object(Fixtures.fromBase64url(issuerJwt.split("\\.")[1]));
  }

  /** The issuer JWT with its payload edited and signed again by the issuer (a validly signed, different credential). */
  public static String resign(SdJwtVcIssuer issuer, String issuerJwt, Consumer<ObjectNode> edit) {
    ObjectNode payload = payload(issuerJwt);
    edit.accept(payload);
    return issuer.sign(payload);
  }

  /** The issuer JWT with its payload replaced but the old signature kept. */
  public static String swapPayload(String issuerJwt, Consumer<ObjectNode> edit) {
    String[] p = issuerJwt.split("\\.");
    ObjectNode payload = payload(issuerJwt);
    edit.accept(payload);
    return p[0] + "." + Fixtures.base64url(Json.text(payload)) + "." + p[2];
  }

  /** A disclosure of a claim: base64url of {@code [salt, name, value]}. */
  public static String disclosure(String salt, String name, String valueJson) {
    return Fixtures.base64url("[\"" + salt + "\", \"" + name + "\", " + valueJson + "]");
  }

  /** A disclosure of an array element: base64url of {@code [salt, value]}. */
  public static String elementDisclosure(String salt, String valueJson) {
    return Fixtures.base64url("[\"" + salt + "\", " + valueJson + "]");
  }
}
