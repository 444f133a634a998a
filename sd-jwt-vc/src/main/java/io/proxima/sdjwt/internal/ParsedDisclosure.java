package io.proxima.sdjwt.internal;

import com.authlete.sd.Disclosure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.proxima.sdjwt.SdJwtReasons;
import io.proxima.sdjwt.SdJwtVc;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One disclosure of an SD-JWT (RFC 9901 §4.2): authlete's {@link Disclosure} decodes and digests
 * it; the value is re-read with Jackson from the same JSON so numbers and duplicate keys are
 * handled as everywhere else in the module.
 *
 * @param disclosure the library's disclosure (keeps the encoded form exactly as received)
 * @param digest its base64url SHA-256 digest
 * @param name the claim name, or null for an array element
 * @param value the claim value
 */
public record ParsedDisclosure(Disclosure disclosure, String digest, @Nullable String name, JsonNode value) {

  public ParsedDisclosure {
    Objects.requireNonNull(disclosure, "disclosure");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Decodes a disclosure.
   *
   * @param index its position in the SD-JWT, for the error detail
   * @throws CheckFailure {@link SdJwtReasons#DISCLOSURE_MALFORMED} if it is not base64url JSON
   *     {@code [salt, name, value]} or {@code [salt, value]} with string salt and name, or the name is reserved
   */
  public static ParsedDisclosure parse(String encoded, int index) throws CheckFailure {
    Disclosure d;
    try {
      d = Disclosure.parse(encoded);
    } catch (RuntimeException e) {
      throw new CheckFailure(SdJwtReasons.DISCLOSURE_MALFORMED, "disclosure " + index + " is not a valid disclosure");
    }
    return of(d, index);
  }

  /** Wraps a library disclosure (e.g. one the issuer just created). */
  public static ParsedDisclosure of(Disclosure d, int index) throws CheckFailure {
    JsonNode array;
    try {
      array = Json.parse(d.getJson());
    } catch (JsonProcessingException e) {
      throw new CheckFailure(SdJwtReasons.DISCLOSURE_MALFORMED, "disclosure " + index + " is not valid JSON: " + Json.describe(e));
    }
    if (!array.isArray() || (array.size() != 2 && array.size() != 3)) {
      throw new CheckFailure(SdJwtReasons.DISCLOSURE_MALFORMED, "disclosure " + index + " is not an array of 2 or 3 elements");
    }
    String name = d.getClaimName();
    if ("_sd".equals(name) || "...".equals(name)) {
      throw new CheckFailure(SdJwtReasons.DISCLOSURE_MALFORMED, "disclosure " + index + " uses a reserved claim name");
    }
    return new ParsedDisclosure(d, d.digest(SdJwtVc.HASH_ALGORITHM), name, array.get(array.size() - 1));
  }

  /** The disclosure as it appears in the SD-JWT. */
  public String encoded() {
    return disclosure.getDisclosure();
  }

  public boolean isArrayElement() {
    return name == null;
  }

  /** Never prints the value or the salt. */
  @Override
  public String toString() {
    return "Disclosure[" + (name == null ? "array element" : name) + "]";
  }
}
