package io.proxima.engagement;

import io.proxima.error.InvalidEngagementException;
import io.proxima.message.SessionId;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the verifier's QR code carries (PROTOCOL.md §1):
 *
 * <pre>
 *   openid4vp://connect?key=&lt;64 hex&gt;&amp;brokerUrl=&lt;url-encoded&gt;&amp;topicId=&lt;uuid&gt;&amp;name=&lt;8 alnum&gt;
 * </pre>
 *
 * MQTT is offered when {@code brokerUrl} and {@code topicId} are present, BLE when {@code name}
 * is; one key serves both. Parameter order does not matter; the legacy name {@code proofId} is
 * accepted for {@code topicId}; unknown parameters are kept and written back. Values are
 * form-encoded ({@code +} is a space), as the peer does.
 *
 * <p>Immutable. {@link #parse} never throws anything but {@link InvalidEngagementException}.
 */
public final class Engagement {

  /** The scheme used unless configured otherwise. */
  public static final String DEFAULT_SCHEME = "openid4vp";
  /** The authority the URI is built with: {@code openid4vp://connect?...}. */
  public static final String AUTHORITY = "connect";
  /** Longest URI accepted: a QR code holds at most about 4 KB anyway. */
  public static final int MAX_URI_LENGTH = 8192;

  static final String KEY = "key";
  static final String BROKER_URL = "brokerUrl";
  static final String TOPIC_ID = "topicId";
  static final String PROOF_ID = "proofId";
  static final String NAME = "name";
  private static final Set<String> KNOWN = Set.of(KEY, BROKER_URL, TOPIC_ID, PROOF_ID, NAME);

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern HEX_KEY = Pattern.compile("[0-9A-Fa-f]{64}");
  private static final Pattern UUID_FORM =
      Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
  private static final int KEY_LENGTH = 32;

  private final String scheme;
  private final byte[] verifierPublicKey;
  private final @Nullable MqttEndpoint mqtt;
  private final @Nullable BleEndpoint ble;
  private final Map<String, String> extraParameters;

  private Engagement(Builder b) {
    this.scheme = b.scheme;
    this.verifierPublicKey = Objects.requireNonNull(b.key, "key").clone();
    this.mqtt = b.mqtt;
    this.ble = b.ble;
    this.extraParameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.extra));
  }

  /** Parses a URI with the {@linkplain #DEFAULT_SCHEME default scheme}. */
  public static Engagement parse(String uri) {
    return parse(uri, DEFAULT_SCHEME);
  }

  /**
   * Parses an engagement URI.
   *
   * @param scheme the scheme to expect (compared without regard to case)
   * @throws InvalidEngagementException naming the parameter at fault
   */
  public static Engagement parse(String uri, String scheme) {
    Objects.requireNonNull(uri, "uri");
    requireScheme(scheme);
    if (uri.length() > MAX_URI_LENGTH) {
      throw new InvalidEngagementException("uri", "longer than " + MAX_URI_LENGTH + " characters");
    }
    String prefix = scheme + "://";
    if (!uri.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new InvalidEngagementException("scheme", "expected a URI starting with " + prefix);
    }
    int question = uri.indexOf('?', prefix.length());
    if (question < 0) {
      throw new InvalidEngagementException("uri", "has no query parameters");
    }
    int hash = uri.indexOf('#', question);
    String query = uri.substring(question + 1, hash < 0 ? uri.length() : hash);

    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = FormCodec.decode(eq < 0 ? pair : pair.substring(0, eq), "uri");
      String value = eq < 0 ? "" : FormCodec.decode(pair.substring(eq + 1), fieldName(name));
      if (params.putIfAbsent(name, value) != null) {
        throw new InvalidEngagementException(fieldName(name), "appears more than once");
      }
    }

    Builder b = builder().scheme(scheme);
    String key = params.remove(KEY);
    if (key == null) {
      throw new InvalidEngagementException(KEY, "is missing");
    }
    b.key(parseKey(key));

    String brokerUrl = params.remove(BROKER_URL);
    String topicId = params.remove(TOPIC_ID);
    String proofId = params.remove(PROOF_ID);
    if (topicId != null && proofId != null && !topicId.equalsIgnoreCase(proofId)) {
      throw new InvalidEngagementException(TOPIC_ID, "differs from the legacy proofId");
    }
    String topic = topicId != null ? topicId : proofId;
    String topicField = topicId != null ? TOPIC_ID : PROOF_ID;
    if (brokerUrl != null && topic == null) {
      throw new InvalidEngagementException(TOPIC_ID, "is missing while brokerUrl is present");
    }
    if (brokerUrl == null && topic != null) {
      throw new InvalidEngagementException(BROKER_URL, "is missing while " + topicField + " is present");
    }
    if (brokerUrl != null && topic != null) {
      b.mqtt(new MqttEndpoint(parseBrokerUrl(brokerUrl), parseTopicId(topic, topicField)));
    }
    String name = params.remove(NAME);
    if (name != null) {
      b.ble(new BleEndpoint(name));
    }
    params.forEach(b::parameter);
    return b.build();
  }

  /** A builder with the default scheme and nothing else set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this engagement's values. */
  public Builder toBuilder() {
    Builder b = new Builder().scheme(scheme).key(verifierPublicKey);
    b.mqtt = mqtt;
    b.ble = ble;
    b.extra.putAll(extraParameters);
    return b;
  }

  /** The URI, parameters in the order key, brokerUrl, topicId, name, then the unknown ones. */
  public String toUri() {
    StringBuilder sb = new StringBuilder(256).append(scheme).append("://").append(AUTHORITY).append('?');
    sb.append(KEY).append('=').append(HexFormat.of().formatHex(verifierPublicKey));
    if (mqtt != null) {
      append(sb, BROKER_URL, mqtt.brokerUrl().toString());
      append(sb, TOPIC_ID, mqtt.topicIdString());
    }
    if (ble != null) {
      append(sb, NAME, ble.name());
    }
    extraParameters.forEach((k, v) -> append(sb, k, v));
    return sb.toString();
  }

  public String scheme() {
    return scheme;
  }

  /** A copy of the verifier's ephemeral X25519 public key (32 bytes). */
  public byte[] verifierPublicKey() {
    return verifierPublicKey.clone();
  }

  public Optional<MqttEndpoint> mqtt() {
    return Optional.ofNullable(mqtt);
  }

  public Optional<BleEndpoint> ble() {
    return Optional.ofNullable(ble);
  }

  /** The offered endpoints, MQTT first. Never empty. */
  public List<EngagementEndpoint> endpoints() {
    List<EngagementEndpoint> out = new ArrayList<>(2);
    if (mqtt != null) {
      out.add(mqtt);
    }
    if (ble != null) {
      out.add(ble);
    }
    return out;
  }

  /** Whether this engagement offers that transport. */
  public boolean offers(TransportType type) {
    return type == TransportType.MQTT ? mqtt != null : ble != null;
  }

  /**
   * The session id both sides use in logs: the topic id when MQTT is offered, otherwise a
   * name-based UUID of the key and the BLE name (the same on both sides).
   */
  public SessionId sessionId() {
    if (mqtt != null) {
      return SessionId.of(mqtt.topicId());
    }
    String name = ble == null ? "" : ble.name();
    byte[] seed = (HexFormat.of().formatHex(verifierPublicKey) + ":" + name).getBytes(StandardCharsets.US_ASCII);
    return SessionId.of(UUID.nameUUIDFromBytes(seed));
  }

  /** Parameters this library does not interpret, in their original order. */
  public Map<String, String> extraParameters() {
    return extraParameters;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Engagement e
        && scheme.equalsIgnoreCase(e.scheme)
        && Arrays.equals(verifierPublicKey, e.verifierPublicKey)
        && Objects.equals(mqtt, e.mqtt)
        && Objects.equals(ble, e.ble)
        && extraParameters.equals(e.extraParameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme.toLowerCase(Locale.ROOT), Arrays.hashCode(verifierPublicKey), mqtt, ble, extraParameters);
  }

  @Override
  public String toString() {
    return toUri();
  }

  private static void append(StringBuilder sb, String name, String value) {
    sb.append('&')
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static byte[] parseKey(String hex) {
    if (!HEX_KEY.matcher(hex).matches()) {
      throw new InvalidEngagementException(KEY, "must be 64 hex digits (a 32-byte X25519 public key)");
    }
    return HexFormat.of().parseHex(hex);
  }

  private static URI parseBrokerUrl(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidEngagementException(BROKER_URL, "is not a valid URL");
    }
  }

  private static UUID parseTopicId(String value, String field) {
    if (!UUID_FORM.matcher(value).matches()) {
      throw new InvalidEngagementException(field, "must be a UUID such as 3f2a...-...");
    }
    return UUID.fromString(value.toLowerCase(Locale.ROOT));
  }

  private static void requireScheme(String scheme) {
    if (!SCHEME.matcher(scheme).matches()) {
      throw new IllegalArgumentException("not a valid URI scheme: " + scheme);
    }
  }

  /** The field name to report for a parameter name from the URI: printable and short. */
  private static String fieldName(String name) {
    if (name.isBlank()) {
      return "uri";
    }
    StringBuilder sb = new StringBuilder(Math.min(name.length(), 40));
    for (int i = 0; i < name.length() && sb.length() < 40; i++) {
      char c = name.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  /** Builds an engagement. Not thread-safe; {@link #build()} validates. */
  public static final class Builder {
    private String scheme = DEFAULT_SCHEME;
    private byte @Nullable [] key;
    private @Nullable MqttEndpoint mqtt;
    private @Nullable BleEndpoint ble;
    private final Map<String, String> extra = new LinkedHashMap<>();

    private Builder() {}

    /** @throws IllegalArgumentException if it is not a valid URI scheme */
    public Builder scheme(String scheme) {
      requireScheme(scheme);
      this.scheme = scheme;
      return this;
    }

    /** The verifier's ephemeral public key, 32 bytes. */
    public Builder key(byte[] verifierPublicKey) {
      if (verifierPublicKey.length != KEY_LENGTH) {
        throw new InvalidEngagementException(KEY, "must be 32 bytes, got " + verifierPublicKey.length);
      }
      this.key = verifierPublicKey.clone();
      return this;
    }

    public Builder mqtt(@Nullable MqttEndpoint endpoint) {
      this.mqtt = endpoint;
      return this;
    }

    public Builder ble(@Nullable BleEndpoint endpoint) {
      this.ble = endpoint;
      return this;
    }

    /** Adds an endpoint, replacing any earlier one of the same transport. */
    public Builder endpoint(EngagementEndpoint endpoint) {
      if (endpoint instanceof MqttEndpoint m) {
        this.mqtt = m;
      } else if (endpoint instanceof BleEndpoint b) {
        this.ble = b;
      }
      return this;
    }

    /**
     * An extra parameter, written after the known ones.
     *
     * @throws InvalidEngagementException if the name is one of the protocol's own parameters
     */
    public Builder parameter(String name, String value) {
      Objects.requireNonNull(value, "value");
      if (KNOWN.contains(name)) {
        throw new InvalidEngagementException(name, "is a protocol parameter; set it with its own method");
      }
      if (name.isEmpty()) {
        throw new InvalidEngagementException("uri", "has a parameter with an empty name");
      }
      extra.put(name, value);
      return this;
    }

    /** @throws InvalidEngagementException if the key is missing or no transport is offered */
    public Engagement build() {
      if (key == null) {
        throw new InvalidEngagementException(KEY, "is missing");
      }
      if (mqtt == null && ble == null) {
        throw new InvalidEngagementException(
            "transport", "no transport offered: needs brokerUrl and topicId (MQTT) or name (BLE)");
      }
      return new Engagement(this);
    }
  }
}
