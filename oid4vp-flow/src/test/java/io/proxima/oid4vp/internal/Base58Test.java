package io.proxima.oid4vp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58Test {

  @Test
  void encodesKnownVectors() {
    assertThat(Base58.encode(new byte[0])).isEmpty();
    assertThat(Base58.encode(new byte[] {0})).isEqualTo("1");
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThat(Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("2NEpo7TZRRrLZSi2U");
    // draft-msporny-base58 example
    assertThat(Base58.encode(HexFormat.of().parseHex("0000287fb4cd"))).isEqualTo("11233QC4");
  }

  @Test
  void decodesKnownVectors() {
    assertThat(Base58.decode("2NEpo7TZRRrLZSi2U")).isEqualTo("Hello World!".getBytes(StandardCharsets.US_ASCII));
    assertThat(Base58.decode("11233QC4")).isEqualTo(HexFormat.of().parseHex("0000287fb4cd"));
    assertThat(Base58.decode("1")).isEqualTo(new byte[] {0});
  }

  @Test
  void roundTripsRandomBytesWithLeadingZeros() {
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      if (bytes.length > 2 && i % 3 == 0) {
        bytes[0] = 0;
        bytes[1] = 0;
      }
      assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
    }
  }

  @Test
  void rejectsCharactersOutsideTheAlphabet() {
    assertThatThrownBy(() -> Base58.decode("0OIl")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position 0");
  }
}
