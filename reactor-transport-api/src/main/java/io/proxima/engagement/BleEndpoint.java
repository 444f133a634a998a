package io.proxima.engagement;

import io.proxima.crypto.internal.Randomness;
import io.proxima.error.InvalidEngagementException;
import java.util.Objects;

/**
 * The BLE part of an engagement: the local name the verifier advertises (PROTOCOL.md §1, §5).
 *
 * @param name exactly 8 characters {@code [A-Za-z0-9]}
 */
public record BleEndpoint(String name) implements EngagementEndpoint {

  /** Length of the advertised local name. */
  public static final int NAME_LENGTH = 8;

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** @throws InvalidEngagementException if the name is not 8 ASCII letters or digits */
  public BleEndpoint {
    Objects.requireNonNull(name, "name");
    if (name.length() != NAME_LENGTH) {
      throw new InvalidEngagementException("name", "must be 8 characters, got " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      if (ALPHABET.indexOf(name.charAt(i)) < 0) {
        throw new InvalidEngagementException("name", "must contain only A-Z, a-z and 0-9");
      }
    }
  }

  /** A random local name. */
  public static BleEndpoint random() {
    byte[] random = Randomness.bytes(NAME_LENGTH);
    char[] chars = new char[NAME_LENGTH];
    for (int i = 0; i < NAME_LENGTH; i++) {
      chars[i] = ALPHABET.charAt((random[i] & 0xff) % ALPHABET.length());
    }
    return new BleEndpoint(new String(chars));
  }

  @Override
  public TransportType type() {
    return TransportType.BLE;
  }
}
