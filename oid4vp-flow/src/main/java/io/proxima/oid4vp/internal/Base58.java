package io.proxima.oid4vp.internal;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet ("base58btc", multibase prefix {@code z}), as did:key uses it.
 * Input is at most a few dozen bytes (a public key with its multicodec prefix), so the quadratic
 * textbook algorithm is fine; longer input is refused.
 */
public final class Base58 {

  private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];
  private static final int MAX_LENGTH = 256;

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  public static String encode(byte[] input) {
    if (input.length > MAX_LENGTH) {
      throw new IllegalArgumentException("base58 input longer than " + MAX_LENGTH + " bytes");
    }
    if (input.length == 0) {
      return "";
    }
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    byte[] number = Arrays.copyOf(input, input.length);
    char[] encoded = new char[input.length * 2];
    int out = encoded.length;
    int start = zeros;
    while (start < number.length) {
      encoded[--out] = ALPHABET[divmod(number, start, 256, 58)];
      if (number[start] == 0) {
        start++;
      }
    }
    while (out < encoded.length && encoded[out] == ALPHABET[0]) {
      out++;
    }
    while (--zeros >= 0) {
      encoded[--out] = ALPHABET[0];
    }
    return new String(encoded, out, encoded.length - out);
  }

  /** @throws IllegalArgumentException on a character outside the alphabet or over-long input */
  public static byte[] decode(String input) {
    if (input.length() > MAX_LENGTH * 2) {
      throw new IllegalArgumentException("base58 input longer than " + MAX_LENGTH * 2 + " characters");
    }
    if (input.isEmpty()) {
      return new byte[0];
    }
    byte[] input58 = new byte[input.length()];
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("invalid base58 character at position " + i);
      }
      input58[i] = (byte) digit;
    }
    int zeros = 0;
    while (zeros < input58.length && input58[zeros] == 0) {
      zeros++;
    }
    byte[] decoded = new byte[input.length()];
    int out = decoded.length;
    int start = zeros;
    while (start < input58.length) {
      decoded[--out] = divmod(input58, start, 58, 256);
      if (input58[start] == 0) {
        start++;
      }
    }
    while (out < decoded.length && decoded[out] == 0) {
      out++;
    }
    return Arrays.copyOfRange(decoded, out - zeros, decoded.length);
  }

  /** Divides the number in {@code number[first..]} (digits in {@code base}) by {@code divisor}, in place; returns the remainder. */
  private static byte divmod(byte[] number, int first, int base, int divisor) {
    int remainder = 0;
    for (int i = first; i < number.length; i++) {
      int digit = number[i] & 0xff;
      int temp = remainder * base + digit;
      number[i] = (byte) (temp / divisor);
      remainder = temp % divisor;
    }
    return (byte) remainder;
  }
}
