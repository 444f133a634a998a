package io.proxima.sdjwt.internal;

import com.authlete.sd.SDJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSObject;
import io.proxima.sdjwt.SdJwtReasons;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An SD-JWT or SD-JWT+KB split into its parts (RFC 9901 §4):
 * {@code <issuer-signed JWT>~<disclosure>~...~[<KB-JWT>]}. The split and the {@code sd_hash} are
 * authlete's {@link SDJWT}; the issuer-signed JWT is parsed by nimbus, its payload by Jackson.
 *
 * <p>Disclosures are decoded lazily ({@link #disclosures()}), so a malformed disclosure is
 * reported by the disclosure check, after the issuer signature and validity checks, as the
 * verification order requires.
 */
public final class ParsedSdJwt {

  /** More disclosures than this in one SD-JWT is refused (bounded work per presentation). */
  public static final int MAX_DISCLOSURES = 1024;

  private final String issuerJwt;
  private final JWSObject jws;
  private final ObjectNode payload;
  private final @Nullable SDJWT library;
  private final @Nullable String keyBindingJwt;
  private final List<String> encodedDisclosures;

  private ParsedSdJwt(
      String issuerJwt, JWSObject jws, ObjectNode payload, @Nullable SDJWT library, @Nullable String keyBindingJwt,
      List<String> encodedDisclosures) {
    this.issuerJwt = issuerJwt;
    this.jws = jws;
    this.payload = payload;
    this.library = library;
    this.keyBindingJwt = keyBindingJwt;
    this.encodedDisclosures = encodedDisclosures;
  }

  /**
   * Parses an SD-JWT (ending with '~') or SD-JWT+KB.
   *
   * @throws CheckFailure {@link SdJwtReasons#MALFORMED} if it has no issuer-signed JWS followed by
   *     '~', an empty part, too many parts, or a payload that is not a JSON object
   */
  public static ParsedSdJwt parse(String presentation) throws CheckFailure {
    int firstTilde = presentation.indexOf('~');
    if (firstTilde <= 0) {
      throw new CheckFailure(SdJwtReasons.MALFORMED, "not an SD-JWT: no issuer-signed JWT followed by '~'");
    }
    String[] parts = presentation.split("~", -1);
    if (parts.length - 2 > MAX_DISCLOSURES) {
      throw new CheckFailure(SdJwtReasons.MALFORMED, "more than " + MAX_DISCLOSURES + " disclosures");
    }
    for (int i = 1; i < parts.length - 1; i++) {
      if (parts[i].isEmpty()) {
        throw new CheckFailure(SdJwtReasons.MALFORMED, "empty part " + i + " between '~'");
      }
    }
    String issuerJwt = presentation.substring(0, firstTilde);
    JWSObject jws;
    try {
      jws = JWSObject.parse(issuerJwt);
    } catch (ParseException e) {
      throw new CheckFailure(SdJwtReasons.MALFORMED, "the issuer-signed JWT is not a compact JWS");
    }
    JsonNode payload;
    try {
      payload = Json.parse(jws.getPayload().toBytes());
    } catch (IOException | RuntimeException e) {
      throw new CheckFailure(SdJwtReasons.MALFORMED, "the issuer-signed JWT payload is not JSON");
    }
    if (!payload.isObject()) {
      throw new CheckFailure(SdJwtReasons.MALFORMED, "the issuer-signed JWT payload is not a JSON object");
    }
    String last = parts[parts.length - 1];
    String kb = last.isEmpty() ? null : last;
    List<String> disclosures = new ArrayList<>(List.of(parts).subList(1, parts.length - 1));
    SDJWT library;
    try {
      library = SDJWT.parse(presentation);
    } catch (IllegalArgumentException e) {
      // The split above succeeded, so a disclosure is at fault: the disclosure check reports it.
      library = null;
    }
    return new ParsedSdJwt(issuerJwt, jws, (ObjectNode) payload, library, kb, List.copyOf(disclosures));
  }

  /** The issuer-signed JWT as received. */
  public String issuerJwt() {
    return issuerJwt;
  }

  public JWSObject jws() {
    return jws;
  }

  /** A copy of the issuer-signed JWT's payload (digests, not disclosed values). */
  public ObjectNode payload() {
    return payload.deepCopy();
  }

  /** The Key Binding JWT, if one follows the last '~'. */
  public @Nullable String keyBindingJwt() {
    return keyBindingJwt;
  }

  /** The number of disclosures. */
  public int disclosureCount() {
    return encodedDisclosures.size();
  }

  /**
   * Decodes the disclosures.
   *
   * @throws CheckFailure {@link SdJwtReasons#DISCLOSURE_MALFORMED} for the first that is not valid
   */
  public List<ParsedDisclosure> disclosures() throws CheckFailure {
    List<ParsedDisclosure> out = new ArrayList<>(encodedDisclosures.size());
    if (library != null) {
      for (int i = 0; i < library.getDisclosures().size(); i++) {
        out.add(ParsedDisclosure.of(library.getDisclosures().get(i), i));
      }
      return out;
    }
    for (int i = 0; i < encodedDisclosures.size(); i++) {
      out.add(ParsedDisclosure.parse(encodedDisclosures.get(i), i));
    }
    return out;
  }

  /**
   * The {@code sd_hash} of this presentation (RFC 9901 §4.3.1): the digest of everything up to
   * and including the last '~', as received.
   *
   * @throws CheckFailure {@link SdJwtReasons#DISCLOSURE_MALFORMED} if a disclosure does not decode
   */
  public String sdHash() throws CheckFailure {
    if (library == null) {
      disclosures();
      throw new CheckFailure(SdJwtReasons.DISCLOSURE_MALFORMED, "a disclosure is not valid");
    }
    return library.getSDHash();
  }

  /** Never prints the presentation. */
  @Override
  public String toString() {
    return "ParsedSdJwt[" + encodedDisclosures.size() + " disclosures" + (keyBindingJwt == null ? "" : ", KB-JWT") + "]";
  }
}
