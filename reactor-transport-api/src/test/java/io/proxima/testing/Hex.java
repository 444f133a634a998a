package io.proxima.testing;

import java.util.HexFormat;

/** Hex helpers for golden-byte tests. Spaces and newlines in the input are ignored. */
public final class Hex {

  private Hex() {}

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
