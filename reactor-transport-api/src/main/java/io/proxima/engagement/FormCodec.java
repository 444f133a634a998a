package io.proxima.engagement;

import io.proxima.error.InvalidEngagementException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict application/x-www-form-urlencoded decoding, as the peer's URL library does it:
 * {@code +} is a space, {@code %XX} a byte, the bytes UTF-8. Unlike {@link java.net.URLDecoder} it
 * reports bad escapes and bad UTF-8 as a typed error naming the field.
 */
final class FormCodec {

  private FormCodec() {}

  private static boolean hasSurrogates(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static String decode(String s, String field) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0 && !hasSurrogates(s)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new InvalidEngagementException(field, "has a truncated %-escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new InvalidEngagementException(field, "has an invalid %-escape");
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else {
        if (Character.isSurrogate(c)) {
          if (!Character.isHighSurrogate(c) || i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
            throw new InvalidEngagementException(field, "contains an unpaired surrogate character");
          }
          out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
          i++;
        } else {
          out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidEngagementException(field, "is not valid UTF-8 after %-decoding");
    }
  }
}
