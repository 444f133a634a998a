package io.proxima.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxima.error.InvalidEngagementException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Property tests of the engagement parser: whatever the input, it either raises {@link
 * InvalidEngagementException} or returns a value that round-trips through {@link
 * Engagement#toUri()}. No other exception ever escapes.
 */
class EngagementPropertiesTest {

  static final String KEY = "07a37cbc142093c8b755dc1b10e86cb426374ad16aa853ed0bdfc0b2b86d1c7c";

  @Property(tries = 2000)
  void anyStringGivesATypedErrorOrARoundTrippingValue(@ForAll @StringLength(max = 300) String s) {
    checkParse(s);
    checkParse("openid4vp://connect?" + s);
    checkParse("openid4vp://connect?key=" + KEY + "&" + s);
  }

  @Property(tries = 2000)
  void queryLikeStringsGiveATypedErrorOrARoundTrippingValue(@ForAll("queries") String query) {
    checkParse("openid4vp://connect?" + query);
  }

  @Property(tries = 1000)
  void mutatedValidUrisGiveATypedErrorOrARoundTrippingValue(
      @ForAll("validEngagements") Engagement valid, @ForAll("mutations") List<Mutation> mutations) {
    String uri = valid.toUri();
    for (Mutation m : mutations) {
      uri = m.apply(uri);
    }
    checkParse(uri);
  }

  @Property(tries = 1000)
  void builtEngagementsRoundTrip(@ForAll("validEngagements") Engagement e) {
    Engagement parsed = Engagement.parse(e.toUri());
    assertThat(parsed).isEqualTo(e);
    assertThat(parsed.toUri()).isEqualTo(e.toUri());
  }

  private static void checkParse(String s) {
    Engagement parsed;
    try {
      parsed = Engagement.parse(s);
    } catch (InvalidEngagementException expected) {
      assertThat(expected.field()).isNotBlank();
      return;
    }
    Engagement again = Engagement.parse(parsed.toUri());
    assertThat(again).isEqualTo(parsed);
    assertThat(again.toUri()).isEqualTo(parsed.toUri());
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of("key", "brokerUrl", "topicId", "proofId", "name", "x", ""),
        Arbitraries.strings().withChars("abcKN%+=&?#").ofMaxLength(6));
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.of(KEY, KEY.toUpperCase(), "mqtt%3A%2F%2Fh%3A1883", "mqtts://b.example:8883",
            UUID.randomUUID().toString(), "AbCd1234", "%", "%zz", "%C3%28", "+", ""),
        Arbitraries.strings().ofMaxLength(20),
        Arbitraries.strings().withChars("0123456789abcdefABCDEF-%:/+").ofMaxLength(70));
    Arbitrary<String> pair = Combinators.combine(names, values).as((n, v) -> n + "=" + v);
    return pair.list().ofMaxSize(7).map(l -> String.join("&", l));
  }

  @Provide
  Arbitrary<Engagement> validEngagements() {
    Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofSize(32);
    Arbitrary<String> hosts = Arbitraries.of("127.0.0.1", "broker.example", "[::1]", "a-b.c");
    Arbitrary<Integer> ports = Arbitraries.integers().between(1, 65535);
    Arbitrary<String> schemes = Arbitraries.of("mqtt", "mqtts", "ws", "wss");
    Arbitrary<MqttEndpoint> mqtt = Combinators.combine(schemes, hosts, ports, Arbitraries.create(UUID::randomUUID))
        .as((s, h, p, u) -> new MqttEndpoint(URI.create(s + "://" + h + ":" + p), u));
    Arbitrary<BleEndpoint> ble = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
        .withCharRange('0', '9').ofLength(8).map(BleEndpoint::new);
    Arbitrary<Map<String, String>> extras = Arbitraries.maps(
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).filter(n -> !List.of("key", "brokerUrl", "topicId", "proofId", "name").contains(n)),
            Arbitraries.strings().ofMaxLength(16))
        .ofMaxSize(3);
    return Combinators.combine(keys, mqtt.injectNull(0.3), ble.injectNull(0.3), extras)
        .as((k, m, b, x) -> {
          Engagement.Builder builder = Engagement.builder().key(k).mqtt(m).ble(b);
          x.forEach(builder::parameter);
          return m == null && b == null ? builder.ble(new BleEndpoint("AbCd1234")).build() : builder.build();
        });
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Mutation> one = Combinators.combine(
            Arbitraries.of(MutationKind.values()),
            Arbitraries.integers().between(0, 400),
            Arbitraries.chars().with("%&=?#+:/-0aZ\u0000\u00e9\ud83d"))
        .as(Mutation::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  enum MutationKind { INSERT, DELETE, REPLACE }

  record Mutation(MutationKind kind, int position, char c) {
    String apply(String s) {
      if (s.isEmpty()) {
        return String.valueOf(c);
      }
      int i = position % s.length();
      return switch (kind) {
        case INSERT -> s.substring(0, i) + c + s.substring(i);
        case DELETE -> s.substring(0, i) + s.substring(i + 1);
        case REPLACE -> s.substring(0, i) + c + s.substring(i + 1);
      };
    }
  }
}
